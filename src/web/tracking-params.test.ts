import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutTrackingParameters } from './tracking-params.js';

describe('tracking parameters', () => {
  it('drops click ids and campaign tags, keeping the other parameters in their order', () => {
    assert.equal(withoutTrackingParameters('/en/?utm_source=x&utm_medium=email'), '/en/');
    assert.equal(withoutTrackingParameters('/en/publications?type=report&fbclid=IwAR0&page=2'), '/en/publications?type=report&page=2');
    assert.equal(withoutTrackingParameters('/en/news?gclid=1&dclid=2&msclkid=3&mc_cid=4&mc_eid=5&_ga=6&igshid=7&yclid=8&twclid=9&ref_src=10'), '/en/news');
    assert.equal(withoutTrackingParameters('/en/news?UTM_Campaign=spring'), '/en/news');
  });

  it('leaves a URL without tracking parameters exactly as it was', () => {
    assert.equal(withoutTrackingParameters('/en/search?q=a+b&page=2'), '/en/search?q=a+b&page=2');
    assert.equal(withoutTrackingParameters('/en/about'), '/en/about');
    assert.equal(withoutTrackingParameters('/en/x?bad=%E0%A4%A'), '/en/x?bad=%E0%A4%A');
  });
});
