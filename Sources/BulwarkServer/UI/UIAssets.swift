/// The review UI's stylesheet and script, served from memory under `/ui/static/`.
///
/// Wellness defaults live here: every media element is blurred and greyscale until the
/// reviewer reveals that one item, and audio and video start muted.
enum UIAssets {
    static let stylesheet = """
        :root { --fg: #1b1f24; --bg: #fafafa; --muted: #5a6270; --accent: #1f5fbf; --warn: #8a3b00; --line: #d6d9de; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
        .bar { display: flex; gap: 16px; align-items: center; padding: 8px 16px; background: #20262e; color: #fff; flex-wrap: wrap; }
        .bar a { color: #fff; } .bar a[aria-current] { text-decoration: underline; font-weight: 600; }
        .bar ul { list-style: none; display: flex; gap: 12px; margin: 0; padding: 0; }
        .brand { font-weight: 700; } .who { margin-left: auto; }
        main { padding: 16px; max-width: 1200px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0; background: #fff; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
        tr.selected { outline: 2px solid var(--accent); outline-offset: -2px; background: #eef4ff; }
        tr.overdue td, tr.overdue th { background: #fff4ec; }
        .tag { display: inline-block; padding: 0 6px; border-radius: 8px; background: #e7e9ed; font-size: 12px; }
        tr.overdue .tag, .overdue .tag { background: #ffd9bf; color: var(--warn); }
        .notice { background: #eaf3ea; border: 1px solid #9bc59b; padding: 8px; }
        .problem { background: #fdecec; border: 1px solid #d99; padding: 8px; }
        .reminder { background: #fff8d6; border-bottom: 1px solid #e6d27a; padding: 8px 16px; }
        .muted { color: var(--muted); }
        .stack { display: grid; gap: 8px; max-width: 520px; }
        fieldset { border: 1px solid var(--line); }
        form.inline { display: inline; }
        button { font: inherit; padding: 4px 12px; }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
        .facts dt { color: var(--muted); }
        .media figure { margin: 8px 0; }
        .media img, .media video { max-width: 480px; max-height: 360px; display: block; }
        .shielded img, .shielded video { filter: blur(24px) grayscale(1); }
        .revealed img, .revealed video { filter: none; }
        .dialog { position: fixed; top: 15%; left: 50%; transform: translateX(-50%); background: #fff; border: 1px solid var(--line); padding: 16px 24px; box-shadow: 0 8px 24px rgba(0,0,0,.2); }
        .dialog[hidden] { display: none; }
        kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; background: #fff; }
        footer { padding: 16px; color: var(--muted); }
        .verified { color: #246b24; } .broken { color: #a11; font-weight: 700; }
        @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
        """

    static let script = """
        "use strict";
        (function () {
          // Keyboard shortcuts: j/k move through the queue, Enter/o open, r reveal, a assess, g q queue, ? help.
          const rows = Array.from(document.querySelectorAll("[data-keyboard-list] tbody tr[data-href]"));
          let selected = -1;
          function select(index) {
            if (rows.length === 0) return;
            selected = Math.max(0, Math.min(rows.length - 1, index));
            rows.forEach((row, i) => row.classList.toggle("selected", i === selected));
            rows[selected].querySelector("a").focus();
          }
          const help = document.getElementById("shortcuts");
          function toggleHelp(show) { if (help) { help.hidden = !show; if (show) help.querySelector("button").focus(); } }
          if (help) help.querySelector("[data-close]").addEventListener("click", () => toggleHelp(false));
          let pendingG = false;
          document.addEventListener("keydown", (event) => {
            const target = event.target;
            if (event.ctrlKey || event.metaKey || event.altKey) return;
            if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
            const key = event.key;
            if (key === "Escape") { toggleHelp(false); return; }
            if (key === "?") { toggleHelp(true); event.preventDefault(); return; }
            if (pendingG) { pendingG = false; if (key === "q") { location.href = "/ui/queue"; } return; }
            if (key === "g") { pendingG = true; return; }
            if (key === "j") { select(selected + 1); event.preventDefault(); }
            else if (key === "k") { select(selected - 1); event.preventDefault(); }
            else if ((key === "Enter" || key === "o") && selected >= 0) { location.href = rows[selected].dataset.href; event.preventDefault(); }
            else if (key === "r") { const button = document.querySelector("[data-reveal] button"); if (button) { button.click(); event.preventDefault(); } }
            else if (key === "a") { const form = document.getElementById("assessment"); if (form) { form.querySelector("input, select").focus(); event.preventDefault(); } }
          });
          // Reveal: the post records the exposure; the item is shown only once the server agreed.
          document.querySelectorAll("form[data-reveal]").forEach((form) => {
            form.addEventListener("submit", async (event) => {
              event.preventDefault();
              const figure = form.previousElementSibling;
              const button = form.querySelector("button");
              if (figure.classList.contains("revealed")) {
                figure.classList.replace("revealed", "shielded");
                button.setAttribute("aria-pressed", "false");
                return;
              }
              const response = await fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)),
                headers: { "Accept": "application/json" }, credentials: "same-origin" });
              if (!response.ok) { alert("The item could not be revealed: " + response.status); return; }
              const answer = await response.json();
              form.querySelector("input[name=form_token]").value = answer.form_token;
              figure.classList.replace("shielded", "revealed");
              button.setAttribute("aria-pressed", "true");
              const counter = document.getElementById("exposure");
              if (counter) counter.textContent = String(answer.exposure);
            });
          });
          document.querySelectorAll("video, audio").forEach((media) => { media.muted = true; });
        })();
        """
}
