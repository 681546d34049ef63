import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readableTitle } from './readable-title.js';

describe('readable titles', () => {
  it('turns a title in capitals into title case, minor words in lower case', () => {
    assert.equal(readableTitle('FORCED EVICTIONS IN CAMBODIA'), 'Forced Evictions in Cambodia');
    assert.equal(readableTitle('THE RIGHT TO PEACEFUL ASSEMBLY'), 'The Right to Peaceful Assembly');
  });

  it('reads underscores used as spaces as spaces', () => {
    assert.equal(readableTitle('Joint Submission_4th UPR_Labour'), 'Joint Submission 4th UPR Labour');
    assert.equal(readableTitle('FACT_SHEET_ON_LAND_RIGHTS'), 'Fact Sheet on Land Rights');
  });

  it('leaves ordinary titles, short acronyms and Khmer alone', () => {
    for (const title of ['Human Rights Report 2024', 'CCHR at the UPR', 'UN HRC', 'របាយការណ៍សិទ្ធិមនុស្ស', 'A _lonely_ underscore', 'snake_']) {
      assert.equal(readableTitle(title), title);
    }
  });
});
