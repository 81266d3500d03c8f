// Progressive enhancement only: timeline filter, copy citation, open details before printing.
(() => {
const filter = document.querySelector("[data-filter]");
if (filter) {
  const events = [...document.querySelectorAll(".event")];
  const count = filter.querySelector("[data-filter-count]");
  const checked = (name) => new Set([...filter.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value));
  const apply = () => {
    const groups = checked("group"), statuses = checked("status");
    const hasGroups = filter.querySelector("input[name=group]") !== null;
    let shown = 0;
    for (const li of events) {
      const visible = statuses.has(li.dataset.status) && (!hasGroups || !li.dataset.group || groups.has(li.dataset.group));
      li.classList.toggle("is-filtered", !visible);
      shown += visible;
    }
    count.textContent = `Showing ${shown} of ${events.length} events`;
  };
  const reveal = () => {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains("is-filtered")) target.classList.remove("is-filtered");
  };
  filter.hidden = false;
  filter.addEventListener("change", apply);
  addEventListener("hashchange", reveal);
  apply();
  reveal();
}
for (const box of document.querySelectorAll("[data-copy]")) {
  if (!navigator.clipboard) continue;
  const text = document.getElementById(box.dataset.copy);
  const status = box.querySelector("[role=status]");
  box.hidden = false;
  box.querySelector("button").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(text.textContent); status.textContent = "Copied."; }
    catch { status.textContent = "Could not copy: select the text instead."; }
  });
}
addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll("details:not([open])")) { d.dataset.closed = ""; d.open = true; }
});
addEventListener("afterprint", () => {
  for (const d of document.querySelectorAll("details[data-closed]")) { d.open = false; delete d.dataset.closed; }
});
})();
