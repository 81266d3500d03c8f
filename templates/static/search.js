// Search over the Pagefind index built with the site; results are built as DOM nodes, never as HTML strings.
(() => {
  const form = document.querySelector("[data-search]");
  if (!form) return;
  const input = form.querySelector("input");
  const status = document.querySelector("[data-search-status]");
  const list = document.querySelector("[data-search-results]");
  const base = new URL("../pagefind/pagefind.js", document.currentScript.src).href;
  let loading;  // the Pagefind module, imported once
  document.querySelector("[data-search-nojs]").hidden = true;
  form.hidden = false;

  // Pagefind marks matches with <mark>; keep only text and those marks.
  const excerpt = (html) => {
    const out = document.createElement("p");
    const parsed = new DOMParser().parseFromString(html, "text/html").body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else out.append(node.textContent);
    }
    return out;
  };

  // Each search takes a ticket; only the latest one's results are drawn, whichever finishes first.
  let latest = 0;
  const run = async (query, typing = false) => {
    const ticket = ++latest;
    if (!query.trim()) { list.replaceChildren(); status.textContent = ""; return; }
    if (!typing) status.textContent = "Searching…";  // not while typing: the status is read aloud
    try {
      loading = loading || import(base);
      const search = await (await loading).search(query);
      if (ticket !== latest) return;  // a newer query has taken over
      const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
      if (ticket !== latest) return;
      list.replaceChildren();
      for (const data of results) {
        const item = document.createElement("li");
        const heading = document.createElement("h2");
        const link = document.createElement("a");
        link.href = new URL(data.url, base).href;
        link.textContent = data.meta.title || data.url;
        heading.append(link);
        item.append(heading, excerpt(data.excerpt));
        list.append(item);
      }
      const n = search.results.length;
      status.textContent = n ? `${n} stor${n === 1 ? "y" : "ies"} found${n > 20 ? ", showing the first 20" : ""}.` : "No stories found.";
    } catch (error) {
      status.textContent = "Search is not available here: open the site over HTTP.";
    }
  };

  const remember = () => history.replaceState(null, "", input.value ? `?q=${encodeURIComponent(input.value)}` : location.pathname);
  let pause;  // typing searches once the typist stops for a moment
  input.addEventListener("input", () => {
    remember();
    clearTimeout(pause);
    pause = setTimeout(() => run(input.value, true), 250);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pause);
    remember();
    run(input.value);
  });
  const query = new URLSearchParams(location.search).get("q");
  if (query) { input.value = query; run(query); }
})();
