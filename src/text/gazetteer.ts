import { readTable } from './lexicon.js';

/**
 * The 34 provincial-level divisions and 新疆生产建设兵团, each with the short names articles use.
 * The canonical name is the one an answer reports; aliases map to it.
 */
export const PROVINCES: ReadonlyArray<{ name: string; aliases: readonly string[]; english: string }> = [
  { name: '北京', aliases: ['北京市', '京'], english: 'Beijing' },
  { name: '天津', aliases: ['天津市'], english: 'Tianjin' },
  { name: '河北', aliases: ['河北省'], english: 'Hebei' },
  { name: '山西', aliases: ['山西省'], english: 'Shanxi' },
  { name: '内蒙古', aliases: ['内蒙古自治区'], english: 'Inner Mongolia' },
  { name: '辽宁', aliases: ['辽宁省'], english: 'Liaoning' },
  { name: '吉林', aliases: ['吉林省'], english: 'Jilin' },
  { name: '黑龙江', aliases: ['黑龙江省'], english: 'Heilongjiang' },
  { name: '上海', aliases: ['上海市'], english: 'Shanghai' },
  { name: '江苏', aliases: ['江苏省'], english: 'Jiangsu' },
  { name: '浙江', aliases: ['浙江省'], english: 'Zhejiang' },
  { name: '安徽', aliases: ['安徽省'], english: 'Anhui' },
  { name: '福建', aliases: ['福建省'], english: 'Fujian' },
  { name: '江西', aliases: ['江西省'], english: 'Jiangxi' },
  { name: '山东', aliases: ['山东省'], english: 'Shandong' },
  { name: '河南', aliases: ['河南省'], english: 'Henan' },
  { name: '湖北', aliases: ['湖北省'], english: 'Hubei' },
  { name: '湖南', aliases: ['湖南省'], english: 'Hunan' },
  { name: '广东', aliases: ['广东省'], english: 'Guangdong' },
  { name: '广西', aliases: ['广西壮族自治区'], english: 'Guangxi' },
  { name: '海南', aliases: ['海南省'], english: 'Hainan' },
  { name: '重庆', aliases: ['重庆市'], english: 'Chongqing' },
  { name: '四川', aliases: ['四川省'], english: 'Sichuan' },
  { name: '贵州', aliases: ['贵州省'], english: 'Guizhou' },
  { name: '云南', aliases: ['云南省'], english: 'Yunnan' },
  { name: '西藏', aliases: ['西藏自治区'], english: 'Tibet' },
  { name: '陕西', aliases: ['陕西省'], english: 'Shaanxi' },
  { name: '甘肃', aliases: ['甘肃省'], english: 'Gansu' },
  { name: '青海', aliases: ['青海省'], english: 'Qinghai' },
  { name: '宁夏', aliases: ['宁夏回族自治区'], english: 'Ningxia' },
  { name: '新疆', aliases: ['新疆维吾尔自治区'], english: 'Xinjiang' },
  { name: '台湾', aliases: ['台湾省'], english: 'Taiwan' },
  { name: '香港', aliases: ['香港特别行政区'], english: 'Hong Kong' },
  { name: '澳门', aliases: ['澳门特别行政区'], english: 'Macao' },
  { name: '新疆生产建设兵团', aliases: ['兵团'], english: 'Xinjiang Production and Construction Corps' },
];

// Abbreviations that name several places at once: 「北上广」 is how articles say Beijing, Shanghai, Guangzhou.
const PLACE_GROUPS = new Map<string, readonly string[]>([['北上广', ['北京', '上海', '广东']]]);

// Longest first, so 新疆生产建设兵团 wins over 新疆 and 内蒙古自治区 over 内蒙古.
const PLACE_PATTERN = new RegExp(
  [...PLACE_GROUPS.keys(), ...PROVINCES.flatMap((p) => [p.name, ...p.aliases.filter((a) => a.length > 1)])]
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);

const CANONICAL = new Map<string, string>(
  PROVINCES.flatMap((p) => [[p.name, p.name] as const, ...p.aliases.map((a) => [a, p.name] as const)]),
);

/** The provincial-level places a text names, canonical names, in order of first mention, each once. */
export function findProvinces(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(PLACE_PATTERN)) {
    for (const name of PLACE_GROUPS.get(match[0]) ?? [CANONICAL.get(match[0])]) if (name) seen.add(name);
  }
  return [...seen];
}

// English names, longest first (Xinjiang Production and Construction Corps before Xinjiang), as whole words.
const ENGLISH_PLACE_PATTERN = new RegExp(`\\b(?:${PROVINCES.map((p) => p.english).sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
const BY_ENGLISH = new Map(PROVINCES.map((p) => [p.english, p.name] as const));

/** The provincial-level places an English text names by their English names (Guizhou, Inner Mongolia), each once. */
export function findProvincesInEnglish(text: string): string[] {
  return [...new Set([...text.matchAll(ENGLISH_PLACE_PATTERN)].map((m) => BY_ENGLISH.get(m[0])!))];
}

/**
 * Cities: provincial capitals, sub-provincial and other large cities, by the short name articles use, grouped
 * by the province they belong to (so 「河北有哪些城市…」 can be answered from passages that name 石家庄 and 保定
 * without saying 河北).
 */
const CITIES_BY_PROVINCE: Readonly<Record<string, readonly string[]>> = {
  河北: ['石家庄', '保定', '张家口', '唐山', '邯郸'],
  山西: ['太原'],
  内蒙古: ['呼和浩特', '包头', '鄂尔多斯'],
  辽宁: ['沈阳', '大连'],
  吉林: ['长春'],
  黑龙江: ['哈尔滨'],
  江苏: ['南京', '苏州', '无锡', '徐州'],
  浙江: ['杭州', '宁波', '温州'],
  安徽: ['合肥', '芜湖'],
  福建: ['福州', '厦门', '泉州', '三明'],
  江西: ['南昌', '赣州'],
  山东: ['济南', '青岛', '烟台', '潍坊'],
  河南: ['郑州', '洛阳'],
  湖北: ['武汉', '宜昌', '襄阳'],
  湖南: ['长沙'],
  广东: ['广州', '深圳', '佛山', '东莞', '珠海', '汕头'],
  广西: ['南宁', '桂林', '柳州'],
  海南: ['海口', '三亚'],
  四川: ['成都', '绵阳'],
  贵州: ['贵阳', '遵义'],
  云南: ['昆明'],
  西藏: ['拉萨'],
  陕西: ['西安'],
  甘肃: ['兰州'],
  青海: ['西宁'],
  宁夏: ['银川'],
  新疆: ['乌鲁木齐', '喀什', '伊犁'],
};
const PROVINCE_OF_CITY = new Map(Object.entries(CITIES_BY_PROVINCE).flatMap(([province, cities]) => cities.map((city) => [city, province] as const)));
const CITIES = [...PROVINCE_OF_CITY.keys()];
const CITY_PATTERN = new RegExp(CITIES.join('|'), 'g');

/** The province a listed city belongs to (canonical name), or undefined for a city not listed. */
export function provinceOfCity(city: string): string | undefined {
  return PROVINCE_OF_CITY.get(city);
}

/** The listed cities of a province (canonical name), or none. */
export function citiesOf(province: string): readonly string[] {
  return CITIES_BY_PROVINCE[province] ?? [];
}

/** The listed cities a text names, in order of first mention, each once. */
export function findCities(text: string): string[] {
  return [...new Set([...text.matchAll(CITY_PATTERN)].map((match) => match[0]))];
}

// The suffixes a short name may carry in running text (长兴县, 海南州 for 海南藏族自治州, 锡林郭勒盟).
const DIVISION_SUFFIXES = ['市', '县', '区', '州', '旗', '盟'];
let localityByWord: ReadonlyMap<string, string> | undefined;

/**
 * Word → short name of the prefecture- or county-level division it names, from lexicon/divisions.tsv (the
 * statistics bureau's division codes): the full name, the short name with a suffix, and the short name alone
 * where it is no ordinary word (长兴, but not 东方). Read on first use.
 */
function localityIndex(): ReadonlyMap<string, string> {
  if (!localityByWord) {
    const index = new Map<string, string>();
    for (const [name, short, , , standsAlone] of readTable('divisions.tsv')) {
      // A two-character name (成县, 和县) is as often two words run together (「形成县乡」, 「和县里」).
      if (name!.length > 2) index.set(name!, short!);
      for (const suffix of DIVISION_SUFFIXES) index.set(`${short}${suffix}`, short!);
      if (standsAlone === 'yes') index.set(short!, short!);
    }
    localityByWord = index;
  }
  return localityByWord;
}

/**
 * The cities and counties (prefecture- and county-level divisions, by short name) that a text's words name, in
 * order, each once. Words, not characters: 「河西区域医疗中心」 names no 河西区, 「形成县乡一体」 no 成县.
 */
export function findLocalities(words: readonly string[]): string[] {
  const index = localityIndex();
  return [...new Set(words.flatMap((word) => index.get(word) ?? []))].filter((short) => findProvinces(short).length === 0);
}
