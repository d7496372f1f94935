extension UITemplates {
    static let queue = """
        {{> header}}
        <h1>Review queue</h1>
        {{#dueSoonCount}}<div class="reminder" role="alert"><a href="/ui/queue?view=due-soon">{{dueSoonCount}} due within 4 hours</a></div>{{/dueSoonCount}}
        <p class="summary">{{openCount}} open cases for your teams{{#overdueCount}}, <a href="/ui/queue?view=overdue">{{overdueCount}} overdue</a>{{/overdueCount}}.
          Highest priority first: known real victims and a possible real child, then youngest age band and most severe category, then deadline.</p>
        <nav aria-label="Queue views" class="tabs">
          <a href="/ui/queue"{{#allView}} aria-current="page"{{/allView}}>Open</a>
          <a href="/ui/queue?view=overdue"{{#overdueView}} aria-current="page"{{/overdueView}}>Overdue</a>
          <a href="/ui/queue?view=due-soon"{{#dueSoonView}} aria-current="page"{{/dueSoonView}}>Due soon</a>
        </nav>
        <table class="queue" data-keyboard-list>
          <caption>Cases {{firstRank}} to {{lastRank}}</caption>
          <thead><tr><th scope="col">Case</th><th scope="col">Priority</th><th scope="col">Kind</th><th scope="col">Team</th><th scope="col">Reasons</th><th scope="col">Reports</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
          <tbody>
          {{#cases}}
            <tr data-href="/ui/cases/{{id}}"{{#overdue}} class="overdue"{{/overdue}}>
              <th scope="row"><a href="/ui/cases/{{id}}">#{{id}}</a></th>
              <td>{{priority}}</td><td>{{kind}}</td><td>{{team}}</td><td>{{reasons}}</td><td>{{reports}}</td>
              <td><time datetime="{{dueISO}}">{{due}}</time>{{#overdue}} <span class="tag">overdue</span>{{/overdue}}</td>
              <td>{{status}}</td>
            </tr>
          {{/cases}}
          {{^cases}}<tr><td colspan="8">Nothing to review.</td></tr>{{/cases}}
          </tbody>
        </table>
        {{#nextPage}}<p><a rel="next" href="{{nextPage}}">Next page</a></p>{{/nextPage}}
        {{> footer}}
        """

    static let casePage = """
        {{> header}}
        <h1>Case #{{id}} <span class="tag">{{status}}</span></h1>
        <dl class="facts">
          <dt>Kind</dt><dd>{{kind}}</dd>
          <dt>Team</dt><dd>{{team}}</dd>
          <dt>Priority</dt><dd>{{priority}}</dd>
          <dt>Opened</dt><dd><time datetime="{{openedISO}}">{{opened}}</time></dd>
          <dt>Due</dt><dd><time datetime="{{dueISO}}">{{due}}</time>{{#overdue}} <span class="tag">overdue</span>{{/overdue}}</dd>
          <dt>Reports grouped</dt><dd>{{reports}}</dd>
          {{#contentHash}}<dt>Content hash</dt><dd><code>{{contentHash}}</code></dd>{{/contentHash}}
          {{#url}}<dt>URL</dt><dd><code>{{url}}</code></dd>{{/url}}
        </dl>
        <section aria-labelledby="why">
          <h2 id="why">Why it is here</h2>
          <ul>{{#reasons}}<li><strong>{{code}}</strong> ({{verdict}}): {{message}}{{#source}} <span class="muted">[{{source}}]</span>{{/source}}</li>{{/reasons}}</ul>
        </section>
        <section aria-labelledby="media-title" class="media">
          <h2 id="media-title">Media</h2>
          {{#media}}
            <figure class="shielded" data-media>
              <img src="{{url}}" alt="Evidence item {{name}}, hidden until revealed" loading="lazy">
              <figcaption>{{name}} · {{mediaType}} · {{size}} bytes</figcaption>
            </figure>
            <form method="post" action="/ui/cases/{{caseID}}/reveal" class="inline" data-reveal>
              <input type="hidden" name="form_token" value="{{formToken}}">
              <input type="hidden" name="item" value="{{itemID}}">
              <button type="submit" aria-pressed="false">Reveal {{name}}</button>
            </form>
          {{/media}}
          {{^media}}<p>No media stored for this case (evidence preservation is off, or nothing was preserved). Review the hashes and reasons above.</p>{{/media}}
        </section>
        <section aria-labelledby="history-title">
          <h2 id="history-title">Assessments and decisions</h2>
          <ol>{{#history}}<li>{{.}}</li>{{/history}}</ol>
          {{^history}}<p>None yet.</p>{{/history}}
          {{#secondOpinion}}<p class="notice" role="status">{{secondOpinion}}</p>{{/secondOpinion}}
        </section>
        {{#canAssess}}
        <section aria-labelledby="assess-title">
          <h2 id="assess-title">Assess</h2>
          <form method="post" action="/ui/cases/{{id}}/assess" id="assessment" class="stack">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <fieldset><legend>Legal category</legend>
              {{#categories}}<label><input type="radio" name="category" value="{{value}}"> {{label}}</label>{{/categories}}
              <label><input type="radio" name="category" value="" checked> None (use a discount reason or the exploitative flag)</label>
            </fieldset>
            <label for="age_band">Age band</label>
            <select id="age_band" name="age_band"><option value="">Not assessed</option>{{#ageBands}}<option value="{{value}}">{{label}}</option>{{/ageBands}}</select>
            <label for="sex">Sex</label>
            <select id="sex" name="sex"><option value="">Not assessed</option>{{#sexes}}<option value="{{value}}">{{label}}</option>{{/sexes}}</select>
            <fieldset><legend>AI-generated</legend>
              {{#aiValues}}<label><input type="radio" name="ai_generated" value="{{value}}"{{#checked}} checked{{/checked}}> {{label}}</label>{{/aiValues}}
            </fieldset>
            <fieldset><legend>Discount reasons</legend>
              {{#discounts}}<label><input type="checkbox" name="discount" value="{{value}}"> {{label}}</label>{{/discounts}}
            </fieldset>
            <label><input type="checkbox" name="exploitative" value="yes"> Exploitative (not criminal)</label>
            <label for="note">Note</label>
            <textarea id="note" name="note" rows="2" maxlength="2000"></textarea>
            <button type="submit">Submit assessment</button>
          </form>
        </section>
        {{/canAssess}}
        <section aria-labelledby="report-title">
          <h2 id="report-title">Report</h2>
          {{#liveReport}}<p>Reported to {{destination}}: <a href="/ui/reports">report {{id}}</a>, {{state}}.</p>{{/liveReport}}
          {{#reportForm}}
          <form method="post" action="/ui/cases/{{caseID}}/report" class="stack">
            <input type="hidden" name="form_token" value="{{formToken}}">
            <label for="reported_url">URL where the item was found{{#urlRequired}} (required: the case has none){{/urlRequired}}</label>
            <input id="reported_url" name="reported_url" type="url" maxlength="2048" value="{{reportedURL}}" autocomplete="off">
            <label for="hosting_country">Hosting country (ISO code; blank: the server's default)</label>
            <input id="hosting_country" name="hosting_country" maxlength="2" size="3" autocomplete="off">
            <button type="submit">Report this case</button>
          </form>
          {{/reportForm}}
          {{^reportingConfigured}}<p class="muted">This server files no reports (start it with --reporting FILE).</p>{{/reportingConfigured}}
          {{#reportingConfigured}}{{^canFileReports}}<p class="muted">Your role cannot file reports.</p>{{/canFileReports}}{{/reportingConfigured}}
        </section>
        {{> footer}}
        """

    static let audit = """
        {{> header}}
        <h1>Audit trail</h1>
        <p class="{{verifyClass}}" role="status">{{verifyMessage}}</p>
        {{#verifyLink}}<p><a href="/ui/audit?verify=1">Verify the whole chain now</a></p>{{/verifyLink}}
        <table>
          <caption>Latest events, newest first</caption>
          <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Details</th></tr></thead>
          <tbody>
          {{#events}}<tr><td>{{sequence}}</td><td><time datetime="{{atISO}}">{{at}}</time></td><td>{{actor}}</td><td>{{action}}</td><td>{{subject}}</td><td>{{details}}</td></tr>{{/events}}
          {{^events}}<tr><td colspan="6">No events yet.</td></tr>{{/events}}
          </tbody>
        </table>
        {{#nextPage}}<p><a rel="next" href="{{nextPage}}">Older events</a></p>{{/nextPage}}
        {{> footer}}
        """

    static let reports = """
        {{> header}}
        <h1>Reports</h1>
        <table>
          <caption>Reports to hotlines and authorities</caption>
          <thead><tr><th scope="col">Id</th><th scope="col">Case</th><th scope="col">Destination</th><th scope="col">State</th><th scope="col">Remote id</th><th scope="col">Updated</th>{{#mayAct}}<th scope="col">Actions</th>{{/mayAct}}</tr></thead>
          <tbody>
          {{#reports}}<tr><td>{{id}}</td><td>{{caseRef}}</td><td>{{destination}}</td><td>{{state}}</td><td>{{remoteID}}</td><td>{{updated}}</td>{{#mayAct}}<td>
            {{#resume}}<form method="post" action="/ui/reports/{{id}}/resume" class="inline"><input type="hidden" name="form_token" value="{{formToken}}"><button type="submit">Resume {{id}}</button></form>{{/resume}}
            {{#retract}}<form method="post" action="/ui/reports/{{id}}/retract" class="inline"><input type="hidden" name="form_token" value="{{formToken}}"><button type="submit">Retract {{id}}</button></form>{{/retract}}
          </td>{{/mayAct}}</tr>{{/reports}}
          {{^reports}}<tr><td colspan="7">No reports yet.</td></tr>{{/reports}}
          </tbody>
        </table>
        {{> footer}}
        """
}
