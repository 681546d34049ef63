/* global document, window */
// Quick exit: the button and the Escape key replace this page with a neutral one.
// location.replace leaves no history entry, so Back does not return here.
(function () {
  var button = document.querySelector('[data-quick-exit]');
  if (!button) return;
  var target = button.getAttribute('href');
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.visibility = 'hidden';
    window.location.replace(target);
  }
  button.addEventListener('click', leave);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' || event.key === 'Esc') leave(event);
  });
})();
