// Keeps the answer in progress on the server while it is typed; the "Save draft" button and
// every preview do the same without JavaScript. "add to answer" and "Use the recommended
// answer" are links that work without it too (the page comes back with the form filled); here
// they fill the form in place, so nothing typed is lost, and the draft is saved.
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
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }
  form.addEventListener('input', later);
  var codes = document.getElementById('codes');
  var body = document.getElementById('body');
  // The same rules as the server's (src/web/pages/prefill.rs): a code once, on its own line.
  function addCode(code) {
    var has = codes.value.split('\n').some(function (line) {
      return line.split(/[|, :]/)[0].trim().toUpperCase() === code.toUpperCase();
    });
    if (has) return;
    var before = codes.value.replace(/\s+$/, '');
    codes.value = before ? before + '\n' + code : code;
  }
  function addText(text) {
    var before = body.value.replace(/\s+$/, '');
    if (before.indexOf(text.trim()) >= 0) return;
    body.value = before ? before + '\n\n' + text : text;
  }
  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a.add-to-answer, a#use-recommended');
    if (!link || !codes || !body) return;
    e.preventDefault();
    if (link.id === 'use-recommended') {
      codes.value = link.getAttribute('data-codes');
      addText(link.getAttribute('data-body'));
    } else {
      addCode(link.getAttribute('data-code'));
    }
    link.classList.add('added');
    codes.focus();
    save();
  });
})();
