// Keyboard shortcuts: an element with data-shortcut="a" is clicked (or focused, for a text
// field) when that key is pressed outside a text field; Ctrl+Enter (or Cmd+Enter) in a text
// field clicks its form's element marked data-submit-shortcut. No inline scripts: the
// Content-Security-Policy allows only files served from /console/static.
(function () {
  "use strict";
  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && typing(event.target)) {
      const form = event.target.closest("form");
      const submit = form && form.querySelector("[data-submit-shortcut]");
      if (submit) { event.preventDefault(); submit.click(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const target = document.querySelector('[data-shortcut="' + CSS.escape(event.key) + '"]');
    if (!target) return;
    event.preventDefault();
    if (typing(target)) target.focus(); else target.click();
  });
})();
