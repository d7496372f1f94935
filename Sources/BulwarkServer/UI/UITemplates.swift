import Mustache

/// The review UI's Mustache templates, compiled into the binary (no files to ship).
///
/// Every page is `{{> header}}` + its body + `{{> footer}}`. Mustache escapes every
/// `{{value}}` for HTML, so case fields, bank names and reasons cannot inject markup.
enum UITemplates {
    /// The library of compiled templates, by name.
    static func library() throws -> MustacheLibrary {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in sources {
            templates[name] = try MustacheTemplate(string: text)
        }
        return MustacheLibrary(templates: templates)
    }

    static let sources: [(String, String)] = [
        ("header", header), ("footer", footer), ("login", login), ("error", error), ("banks", banks),
        ("queue", queue), ("case", casePage), ("audit", audit), ("reports", reports),
    ]

    static let header = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Bulwark review</title>
        <link rel="stylesheet" href="/ui/static/app.css">
        <script src="/ui/static/app.js" defer></script>
        </head>
        <body data-page="{{page}}">
        <a class="skip" href="#main">Skip to content</a>
        {{#session}}
        <header class="bar">
          <span class="brand">Bulwark review</span>
          <nav aria-label="Main">
            <ul>
              <li><a href="/ui/queue"{{#onQueue}} aria-current="page"{{/onQueue}}>Queue</a></li>
              <li><a href="/ui/reports"{{#onReports}} aria-current="page"{{/onReports}}>Reports</a></li>
              <li><a href="/ui/banks"{{#onBanks}} aria-current="page"{{/onBanks}}>Banks</a></li>
              <li><a href="/ui/audit"{{#onAudit}} aria-current="page"{{/onAudit}}>Audit</a></li>
            </ul>
          </nav>
          <span class="who">{{reviewer}} ({{role}}){{#exposure}} · items revealed today: <strong id="exposure">{{count}}</strong>{{/exposure}}</span>
          <form method="post" action="/ui/logout" class="inline">
            <input type="hidden" name="form_token" value="{{logoutToken}}">
            <button type="submit">Sign out</button>
          </form>
        </header>
        {{#breakReminder}}<div class="reminder" role="status">{{breakReminder}}</div>{{/breakReminder}}
        {{/session}}
        <main id="main" tabindex="-1">
        {{#notice}}<div class="notice" role="status">{{notice}}</div>{{/notice}}
        {{#problem}}<div class="problem" role="alert">{{problem}}</div>{{/problem}}

        """

    static let footer = """

        </main>
        <footer>
          <p>Press <kbd>?</kbd> for keyboard shortcuts. Media stays blurred and greyscale until you reveal it.</p>
        </footer>
        <div id="shortcuts" class="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" hidden>
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <dl>
            <dt><kbd>j</kbd> / <kbd>k</kbd></dt><dd>next / previous case in the queue</dd>
            <dt><kbd>Enter</kbd> or <kbd>o</kbd></dt><dd>open the selected case</dd>
            <dt><kbd>g</kbd> <kbd>q</kbd></dt><dd>go to the queue</dd>
            <dt><kbd>r</kbd></dt><dd>reveal (or hide) the case's media</dd>
            <dt><kbd>a</kbd></dt><dd>jump to the assessment form</dd>
            <dt><kbd>Esc</kbd></dt><dd>close this help</dd>
          </dl>
          <button type="button" data-close>Close</button>
        </div>
        </body>
        </html>
        """

    static let login = """
        {{> header}}
        <h1>Sign in</h1>
        <p>Sign in with a reviewer or admin API key (create one with <code>bulwark keys create --role reviewer</code>).</p>
        <form method="post" action="/ui/login" class="stack">
          <input type="hidden" name="form_token" value="{{formToken}}">
          <label for="key">API key</label>
          <input id="key" name="key" type="password" autocomplete="off" required autofocus>
          <button type="submit">Sign in</button>
        </form>
        {{> footer}}
        """

    static let error = """
        {{> header}}
        <h1>{{heading}}</h1>
        <p>{{message}}</p>
        <p><a href="/ui/queue">Back to the queue</a></p>
        {{> footer}}
        """

    static let banks = """
        {{> header}}
        <h1>Banks</h1>
        <table>
          <caption>Hash banks the matcher uses ({{count}})</caption>
          <thead><tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Entries</th><th scope="col">Removed</th><th scope="col">Enabled</th><th scope="col">Known real victims</th></tr></thead>
          <tbody>
          {{#banks}}
            <tr><td>{{id}}</td><th scope="row">{{name}}</th><td>{{entries}}</td><td>{{tombstones}}</td><td>{{enabled}}</td><td>{{realVictims}}</td></tr>
          {{/banks}}
          {{^banks}}<tr><td colspan="6">No banks yet.</td></tr>{{/banks}}
          </tbody>
        </table>
        {{> footer}}
        """
}
