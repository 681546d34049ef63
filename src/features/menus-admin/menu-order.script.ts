import { createHash } from 'node:crypto';

/**
 * Drag and drop and keyboard reordering for /admin/menus, as progressive enhancement over the
 * Move up / Move down forms. An item moves among the items of its own level (placing it under
 * another item stays on its edit form). The handle added to each row acts as a button: Space or
 * Enter picks the item up, the arrow keys move it, Space or Enter drops it, Escape puts it
 * back; each step is announced in the page's live region. A drop posts the level's new order
 * with the CSRF token; if the server refuses, the level is put back as it was. Served
 * same-origin under a hashed name, because the admin's content security policy allows no
 * inline script.
 */
const SOURCE = `(function () {
  var root = document.querySelector('[data-menu-order]');
  if (!root || typeof fetch === 'undefined') return;
  var T = JSON.parse(root.getAttribute('data-texts') || '{}');
  var csrf = root.getAttribute('data-csrf') || '';
  // The admin language's digits, 0 to 9 (០ to ៩ in Khmer): positions are read out in them.
  var digits = root.getAttribute('data-digits') || '0123456789';
  function num(n) { return String(n).replace(/[0-9]/g, function (d) { return digits.charAt(Number(d)); }); }
  var live = document.getElementById('menu-order-live');
  var help = document.getElementById('menu-order-help');
  if (help) help.hidden = false;

  function itemsOf(list) {
    return Array.prototype.filter.call(list.children, function (c) { return c.matches('li.menu-tree__item'); });
  }
  function idsOf(list) { return itemsOf(list).map(function (i) { return i.getAttribute('data-id'); }); }
  function labelOf(item) {
    var label = item.querySelector('.menu-tree__label');
    return label ? label.textContent.trim() : '';
  }
  function say(text, item) {
    if (item) {
      var items = itemsOf(item.parentNode);
      text = text.replace('{label}', labelOf(item)).replace('{position}', num(items.indexOf(item) + 1)).replace('{count}', num(items.length));
    }
    if (live) live.textContent = text;
  }
  // The Move up / Move down forms follow the new order: none up for the first, none down for the last.
  function refreshMoves(list) {
    var items = itemsOf(list);
    items.forEach(function (item, index) {
      var row = item.querySelector(':scope > .menu-tree__row');
      var up = row.querySelector('form[data-move="up"]');
      var down = row.querySelector('form[data-move="down"]');
      if (up) up.hidden = index === 0;
      if (down) down.hidden = index === items.length - 1;
    });
  }
  function putBack(list, ids) {
    ids.forEach(function (id) {
      var item = itemsOf(list).filter(function (i) { return i.getAttribute('data-id') === id; })[0];
      if (item) list.appendChild(item);
    });
    refreshMoves(list);
  }
  function save(list, before, item) {
    var after = idsOf(list);
    refreshMoves(list);
    if (after.join() === before.join()) return;
    root.setAttribute('data-saving', '');
    var body = new URLSearchParams();
    body.set('_csrf', csrf);
    body.set('order', after.join(','));
    fetch('/admin/menus/order', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf, accept: 'application/json' },
      body: body.toString()
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (answer) {
        if (!response.ok || !answer || !answer.ok) throw answer || {};
        say(answer.message);
      });
    }).catch(function (answer) {
      putBack(list, before);
      say(answer && answer.message ? answer.message : T.failed);
      if (item) item.querySelector('.menu-tree__handle').focus();
    }).then(function () { root.removeAttribute('data-saving'); });
  }

  var dragged = null;
  var draggedFrom = null;
  var dropped = false;
  var grabbed = null;
  var grabbedFrom = null;

  function sameLevelItem(target) {
    var item = target instanceof Element ? target.closest('li.menu-tree__item') : null;
    while (item && dragged && item.parentNode !== dragged.parentNode) item = item.parentNode.closest('li.menu-tree__item');
    return item;
  }

  root.querySelectorAll('li.menu-tree__item').forEach(function (item) {
    var row = item.querySelector(':scope > .menu-tree__row');
    // A span acting as a button: Chromium starts no drag from inside a real <button>.
    var handle = document.createElement('span');
    handle.setAttribute('role', 'button');
    handle.tabIndex = 0;
    handle.className = 'menu-tree__handle';
    handle.textContent = '\\u2630';
    handle.setAttribute('aria-label', T.handle.replace('{label}', labelOf(item)));
    handle.setAttribute('aria-describedby', 'menu-order-help');
    handle.setAttribute('aria-pressed', 'false');
    row.insertBefore(handle, row.firstChild);

    // Only a drag started on the handle moves the item; text in the row stays selectable.
    handle.addEventListener('pointerdown', function () { item.draggable = true; });
    item.addEventListener('dragstart', function (event) {
      if (!item.draggable || dragged) return;
      event.stopPropagation();
      dragged = item;
      dropped = false;
      draggedFrom = idsOf(item.parentNode);
      item.classList.add('menu-tree__item--dragging');
      if (event.dataTransfer) {
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', labelOf(item));
      }
    });
    item.addEventListener('dragend', function (event) {
      if (dragged !== item) return;
      event.stopPropagation();
      item.classList.remove('menu-tree__item--dragging');
      item.draggable = false;
      var list = item.parentNode;
      if (!dropped) putBack(list, draggedFrom);
      dragged = null;
    });

    handle.addEventListener('keydown', function (event) {
      var key = event.key;
      var list = item.parentNode;
      if (key === ' ' || key === 'Enter') {
        event.preventDefault();
        if (grabbed === item) {
          grabbed = null;
          item.classList.remove('menu-tree__item--grabbed');
          handle.setAttribute('aria-pressed', 'false');
          say(T.dropped, item);
          save(list, grabbedFrom, item);
        } else if (!grabbed) {
          grabbed = item;
          grabbedFrom = idsOf(list);
          item.classList.add('menu-tree__item--grabbed');
          handle.setAttribute('aria-pressed', 'true');
          say(T.grabbed, item);
        }
      } else if (grabbed === item && (key === 'ArrowUp' || key === 'ArrowDown')) {
        event.preventDefault();
        var items = itemsOf(list);
        var at = items.indexOf(item);
        var to = key === 'ArrowUp' ? at - 1 : at + 1;
        if (to < 0 || to >= items.length) return say(T.movedTo, item);
        list.insertBefore(item, key === 'ArrowUp' ? items[to] : items[to].nextSibling);
        handle.focus();
        say(T.movedTo, item);
      } else if (grabbed === item && key === 'Escape') {
        event.preventDefault();
        grabbed = null;
        item.classList.remove('menu-tree__item--grabbed');
        handle.setAttribute('aria-pressed', 'false');
        putBack(list, grabbedFrom);
        handle.focus();
        say(T.cancelled, item);
      }
    });
  });

  root.addEventListener('dragover', function (event) {
    if (!dragged) return;
    var over = sameLevelItem(event.target);
    if (!over) return;
    event.preventDefault();
    if (over === dragged) return;
    var box = over.getBoundingClientRect();
    var before = event.clientY < box.top + Math.min(box.height, over.querySelector('.menu-tree__row').offsetHeight) / 2;
    over.parentNode.insertBefore(dragged, before ? over : over.nextSibling);
  });
  root.addEventListener('drop', function (event) {
    if (!dragged) return;
    event.preventDefault();
    dropped = true;
    say(T.dropped, dragged);
    save(dragged.parentNode, draggedFrom, dragged);
  });
})();
`;

let built: { hash: string; body: string } | undefined;

export function menuOrderScript(): { hash: string; body: string } {
  built ??= { hash: createHash('sha256').update(SOURCE).digest('hex').slice(0, 12), body: SOURCE };
  return built;
}
