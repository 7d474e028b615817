import { describe, expect, it } from 'vitest';
import { citiesOf, findCities, findLocalities, findProvinces, provinceOfCity } from '../../src/text/gazetteer.js';
import { tokenize } from '../../src/text/tokenize.js';

describe('gazetteer', () => {
  it('knows the province of every prefecture-level city of the division list, and the cities of a province', () => {
    expect(provinceOfCity('石家庄')).toBe('河北');
    expect(provinceOfCity('深圳')).toBe('广东');
    expect(provinceOfCity('张掖')).toBe('甘肃');
    expect(provinceOfCity('眉山')).toBe('四川');
    expect(provinceOfCity('某市')).toBeUndefined();
    // Counties are localities, not cities; a municipality is a province.
    expect(provinceOfCity('长兴')).toBeUndefined();
    expect(provinceOfCity('北京')).toBeUndefined();
    expect(citiesOf('河北')).toEqual(expect.arrayContaining(['石家庄', '保定', '张家口', '邢台', '衡水']));
    expect(citiesOf('河北')).toHaveLength(11);
    expect(citiesOf('台湾')).toEqual([]);
  });

  it('does not take an ordinary word for a city whose name it shares (白银 silver, 朝阳 the morning sun)', () => {
    expect(findCities('来宾，白银价格上涨；北京朝阳医院')).toEqual([]);
    expect(findCities('白银市和朝阳市')).toEqual(['白银', '朝阳']);
  });

  it('finds provinces by their short and long names and cities by the names articles use', () => {
    expect(findProvinces('河北省和北上广')).toEqual(['河北', '北京', '上海', '广东']);
    expect(findCities('北京大学人民医院与石家庄市人民政府共建，张家口崇礼区')).toEqual(['石家庄', '张家口']);
    expect(findCities('甘肃张掖与四川眉山')).toEqual(['张掖', '眉山']);
    // 伊犁哈萨克自治州 is one city, not 伊犁 and more; 包头 (also "turban") names the city only as 包头市.
    expect(findCities('伊犁哈萨克自治州和包头市，包头巾')).toEqual(['伊犁', '包头']);
    // A short name counts as a word of its own or inside a place name, not inside an ordinary word nor across two.
    expect(findCities('福建三明的医改，山西大同')).toEqual(['三明', '大同']);
    expect(findCities('華科大同濟醫院，福建三明')).toEqual(['三明']);
    expect(findCities('华科大同济医院，吃三明治，长治久安，大同小异，湖南京港澳高速')).toEqual([]);
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
