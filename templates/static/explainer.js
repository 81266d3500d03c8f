// Progressive enhancement only; the page is complete without it.
// Timeline filter (deep links un-filter their target), copy citation, open <details> before printing.
(() => {
  "use strict";
  const form = document.querySelector("[data-filter]");
  if (form) {
    const events = [...document.querySelectorAll(".event")];
    const count = form.querySelector("[data-filter-count]");
    const years = [...document.querySelectorAll(".year")];
    const reset = form.querySelector("[type=reset]");
    const checked = (name) => {
      const boxes = [...form.querySelectorAll(`input[name=${name}]`)];
      return boxes.length ? new Set(boxes.filter((b) => b.checked).map((b) => b.value)) : null;
    };
    const apply = () => {
      const groups = checked("group"), statuses = checked("status");
      for (const li of events) {
        const ok = (!statuses || statuses.has(li.dataset.status)) && (!groups || !li.dataset.group || groups.has(li.dataset.group));
        li.classList.toggle("is-filtered", !ok);
      }
      for (const h of years) {
        const list = h.nextElementSibling;
        h.classList.toggle("is-filtered", !list.querySelector(".event:not(.is-filtered)"));
      }
      report();
    };
    const report = () => {
      const shown = events.filter((li) => !li.classList.contains("is-filtered")).length;
      reset.hidden = shown === events.length;
      count.textContent = shown === events.length ? `Showing all ${shown} events` : `Showing ${shown} of ${events.length} events`;
    };
    // A link to an event (or anything inside one) shows it even when the filter hides it.
    const reveal = () => {
      const id = decodeURIComponent(location.hash.slice(1));
      const target = id && document.getElementById(id);
      const li = target && target.closest(".event");
      if (li && li.classList.contains("is-filtered")) {
        li.classList.remove("is-filtered");
        const h = li.parentElement.previousElementSibling;
        if (h) h.classList.remove("is-filtered");
        report();
        target.scrollIntoView();
      }
    };
    apply();              // fill the count before the form (and its live region) appears: nothing is announced on load
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("reset", () => setTimeout(apply));
    form.addEventListener("submit", (e) => e.preventDefault());
    addEventListener("hashchange", reveal);
    document.addEventListener("click", (e) => {
      const a = e.target.closest("a[href^='#']");
      if (a && a.getAttribute("href") === location.hash) reveal();
    });
    reveal();
  }
  for (const box of document.querySelectorAll("[data-copy]")) {
    const text = document.getElementById(box.dataset.copy);
    const note = box.querySelector("[role=status]");
    if (!navigator.clipboard || !text) continue;
    box.hidden = false;
    box.querySelector("button").addEventListener("click", async () => {
      try { await navigator.clipboard.writeText(text.textContent); note.textContent = "Copied."; }
      catch { note.textContent = "Could not copy: select the text instead."; }
    });
  }
  addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details:not([open])")) { d.dataset.closed = ""; d.open = true; }
  });
  addEventListener("afterprint", () => {
    for (const d of document.querySelectorAll("details[data-closed]")) { d.open = false; delete d.dataset.closed; }
  });
})();
