/**
 * The copy's own stylesheet and search script, written beside its pages. The script is small and
 * plain (no build step, no library), and the pages work without it.
 */

export const MIRROR_CSS = `.mirror-banner{margin:0;padding:.5rem 1rem;background:#fff4d6;border-bottom:1px solid #e0c068;color:#3a2c00;font-size:.95rem}
.mirror-banner a{color:inherit;text-decoration:underline}
.mirror-notice{margin:1rem 0;padding:.75rem 1rem;border:1px solid #c9c9c9;border-radius:4px;background:#f6f6f6}
.mirror-results{padding-left:1.25rem}
`;

export const MIRROR_SEARCH_SCRIPT = `(function () {
  'use strict';
  var box = document.getElementById('mirror-results');
  var input = document.getElementById('mirror-q');
  if (!box || !window.fetch || !window.URLSearchParams) return;
  var query = (new URLSearchParams(window.location.search).get('q') || '').trim();
  if (input) input.value = query;
  if (!query) return;
  // The same folding as the site's search: one Unicode form, no zero-width characters, lower case.
  function fold(text) {
    return String(text).normalize('NFC').replace(/[\\u200B-\\u200D\\u2060\\uFEFF]/g, '').toLowerCase();
  }
  var words = fold(query).split(/\\s+/).filter(Boolean);
  function say(text) {
    var p = document.createElement('p');
    p.textContent = text;
    box.appendChild(p);
  }
  fetch(box.getAttribute('data-index'))
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(function (index) {
      var found = index.pages.filter(function (page) {
        var text = fold(page.t + ' ' + page.d);
        return words.every(function (word) { return text.indexOf(word) !== -1; });
      });
      if (!found.length) return say(box.getAttribute('data-none'));
      var heading = document.createElement('h2');
      heading.textContent = box.getAttribute('data-heading');
      box.appendChild(heading);
      var list = document.createElement('ol');
      list.className = 'mirror-results';
      found.slice(0, 100).forEach(function (page) {
        var item = document.createElement('li');
        var link = document.createElement('a');
        link.href = page.u;
        link.textContent = page.t;
        item.appendChild(link);
        if (page.d) {
          var summary = document.createElement('p');
          summary.textContent = page.d;
          item.appendChild(summary);
        }
        list.appendChild(item);
      });
      box.appendChild(list);
    })
    .catch(function () { say(box.getAttribute('data-unavailable')); });
})();
`;
