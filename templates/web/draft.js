// Keeps the answer in progress on the server while it is typed; the "Save draft" button and
// every preview do the same without JavaScript.
(function () {
  var form = document.getElementById('answer-form');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var timer = null;
  function save() {
    timer = null;
    var data = new URLSearchParams(new FormData(form));
    data.delete('response');
    fetch(form.getAttribute('data-draft'), {
      method: 'POST', body: data, credentials: 'same-origin', redirect: 'manual'
    }).then(function () {
      var note = document.getElementById('autosaved');
      if (note) note.textContent = 'Draft saved at ' + new Date().toLocaleTimeString();
    });
  }
  form.addEventListener('input', function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 1200);
  });
})();
