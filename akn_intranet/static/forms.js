// A form that failed validation: the focus goes to its error summary (templates/macros.html: error_summary),
// or to the error message of a refusal that is about no single field (base.html), so a screen reader reads
// it first. A link in the summary focuses its field and shows the field's label with it.
// Loaded from this file: the Content-Security-Policy (security.py) forbids inline script.
"use strict";

document.querySelector(".error-summary, .flash.error")?.focus();
const summary = document.querySelector(".error-summary");
if (summary) {
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus({ preventScroll: true });
    (field.closest(".field, fieldset") || field).scrollIntoView({ block: "start" });
  });
}
