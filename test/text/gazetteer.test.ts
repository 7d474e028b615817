import { describe, expect, it } from 'vitest';
import { citiesOf, findCities, findProvinces, provinceOfCity } from '../../src/text/gazetteer.js';

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
});
