import { describe, expect, it } from 'vitest';
import { citiesOf, findCities, findLocalities, findProvinces, provinceOfCity } from '../../src/text/gazetteer.js';
import { tokenize } from '../../src/text/tokenize.js';

describe('gazetteer', () => {
  it('knows which province a listed city is in, and the listed cities of a province', () => {
    expect(provinceOfCity('石家庄')).toBe('河北');
    expect(provinceOfCity('深圳')).toBe('广东');
    expect(provinceOfCity('某市')).toBeUndefined();
    expect(citiesOf('河北')).toEqual(expect.arrayContaining(['石家庄', '保定', '张家口']));
    expect(citiesOf('台湾')).toEqual([]);
  });

  it('finds provinces by their short and long names and cities by the names articles use', () => {
    expect(findProvinces('河北省和北上广')).toEqual(['河北', '北京', '上海', '广东']);
    expect(findCities('北京大学人民医院与石家庄市人民政府共建，张家口崇礼区')).toEqual(['石家庄', '张家口']);
  });

  it('finds cities and counties of the division list by whole words, full or short, never inside other words', () => {
    expect(findLocalities(tokenize('德清县和介休市的卫生院'))).toEqual(['德清', '介休']);
    expect(findLocalities(['大理州', '黔东南苗族侗族自治州', '介休'])).toEqual(['大理', '黔东南', '介休']);
    // 东方 is also an ordinary word ("east"): only 东方市 names the city. A province's name is a province.
    expect(findLocalities(['东方', '东方市', '吉林'])).toEqual(['东方']);
    expect(findLocalities(tokenize('滇西区域医疗中心形成县乡一体'))).toEqual([]);
    // A two-character name is as often two words run together.
    expect(findLocalities(['成县', '和县'])).toEqual([]);
  });
});
