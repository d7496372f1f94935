import Foundation

/// One handled item, as a transparency report counts it.
public struct TransparencyRecord: Hashable, Sendable, Codable {
    /// The assessed category (e.g. `"A"`, `"B"`, `"C"`, `"not illegal"`).
    public var category: String
    /// Where it came from (e.g. `"bank match"`, `"user report"`, `"provenance"`).
    public var source: String
    /// When the item was opened.
    public var openedAt: Date
    /// When it was actioned, or `nil` while still open.
    public var actionedAt: Date?
    /// What was done (e.g. `"reported"`, `"removed"`, `"no action"`).
    public var outcome: String

    public init(category: String, source: String, openedAt: Date, actionedAt: Date?, outcome: String) {
        self.category = category
        self.source = source
        self.openedAt = openedAt
        self.actionedAt = actionedAt
        self.outcome = outcome
    }
}

/// The figures of a transparency report for the period `[from, to)` of opening times.
public struct TransparencyFigures: Sendable, Equatable {
    /// A label and its count.
    public struct Count: Sendable, Equatable {
        public var label: String
        public var count: Int
    }

    public var from: Date
    public var to: Date
    /// Records opened in the period.
    public var total: Int
    /// Of those, actioned.
    public var actioned: Int
    /// Counts by category, largest first (ties by label).
    public var byCategory: [Count]
    /// Counts by source, largest first (ties by label).
    public var bySource: [Count]
    /// Counts by outcome, largest first (ties by label).
    public var byOutcome: [Count]
    /// Median time from opening to action, in seconds (mean of the two middle values for an
    /// even count); `nil` when nothing was actioned.
    public var medianTimeToAction: Double?
    /// 90th percentile time to action in seconds, nearest-rank method (the value at rank
    /// ceil(0.9 n) of the sorted times); `nil` when nothing was actioned.
    public var p90TimeToAction: Double?

    /// Computes the figures over `records` opened in `[from, to)` (with a
    /// ``TransparencyAccumulator``). Times to action are taken to whole milliseconds; a record
    /// whose `actionedAt` is before its `openedAt` counts as actioned in 0 seconds.
    public init(records: [TransparencyRecord], from: Date, to: Date) {
        var accumulator = TransparencyAccumulator(from: from, to: to)
        accumulator.add(contentsOf: records)
        self = accumulator.figures()
    }

    init(
        from: Date, to: Date, total: Int, actioned: Int, byCategory: [Count], bySource: [Count], byOutcome: [Count],
        medianTimeToAction: Double?, p90TimeToAction: Double?
    ) {
        self.from = from
        self.to = to
        self.total = total
        self.actioned = actioned
        self.byCategory = byCategory
        self.bySource = bySource
        self.byOutcome = byOutcome
        self.medianTimeToAction = medianTimeToAction
        self.p90TimeToAction = p90TimeToAction
    }

    /// The tally as counts, largest first, ties by label.
    static func counts(_ tally: [String: Int]) -> [Count] {
        tally.map { Count(label: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
    }

    /// The 1-based nearest rank of `percentile` among `count` sorted values: ceil(p/100 * n),
    /// at least 1 and at most `count`.
    static func nearestRank(count: Int, percentile: Int) -> Int {
        min(max((percentile * count + 99) / 100, 1), count)
    }
}

/// Renders ``TransparencyFigures`` as one self-contained HTML page: no scripts, no external
/// assets; each chart is an inline SVG with `role="img"`, a `<title>` and `<desc>`, followed
/// by a table with the same numbers for screen readers and text browsers.
public enum TransparencyReportPage {
    /// The page for `figures`, titled with `organisation`.
    public static func html(_ figures: TransparencyFigures, organisation: String) -> String {
        let period = "\(day(figures.from)) to \(day(figures.to))"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(XMLText.escape(organisation)) transparency report, \(period)</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
            table{border-collapse:collapse;margin:0.5rem 0 2rem}th,td{border:1px solid #888;padding:0.25rem 0.6rem;text-align:left}
            td.n{text-align:right}svg text{font-size:13px;fill:#1a1a1a}
            </style>
            </head>
            <body>
            <main>
            <h1>\(XMLText.escape(organisation)) transparency report</h1>
            <p>Items opened from \(period) (end exclusive).</p>
            <h2 id="summary">Summary</h2>
            <table aria-labelledby="summary"><tbody>
            <tr><th scope="row">Items opened</th><td class="n">\(figures.total)</td></tr>
            <tr><th scope="row">Items actioned</th><td class="n">\(figures.actioned)</td></tr>
            <tr><th scope="row">Median time to action</th><td class="n">\(duration(figures.medianTimeToAction))</td></tr>
            <tr><th scope="row">90th percentile time to action</th><td class="n">\(duration(figures.p90TimeToAction))</td></tr>
            </tbody></table>

            """
        html += section(id: "by-category", title: "Items by category", counts: figures.byCategory, header: "Category")
        html += section(id: "by-source", title: "Items by source", counts: figures.bySource, header: "Source")
        html += section(id: "by-outcome", title: "Items by outcome", counts: figures.byOutcome, header: "Outcome")
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    private static func section(id: String, title: String, counts: [TransparencyFigures.Count], header: String) -> String {
        let escapedTitle = XMLText.escape(title)
        var out = "<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(escapedTitle)</h2>\n"
        out += barChart(id: id, title: title, counts: counts)
        out += "<table aria-labelledby=\"\(id)\"><thead><tr><th scope=\"col\">\(XMLText.escape(header))</th><th scope=\"col\">Items</th></tr></thead><tbody>\n"
        for count in counts {
            out += "<tr><td>\(XMLText.escape(count.label))</td><td class=\"n\">\(count.count)</td></tr>\n"
        }
        if counts.isEmpty { out += "<tr><td colspan=\"2\">No items in this period.</td></tr>\n" }
        out += "</tbody></table>\n</section>\n"
        return out
    }

    /// A horizontal bar chart: one bar per count, labelled with its label and number.
    static func barChart(id: String, title: String, counts: [TransparencyFigures.Count]) -> String {
        let rowHeight = 24
        let labelWidth = 200
        let barSpace = 380
        let height = max(1, counts.count) * rowHeight + 8
        let largest = max(1, counts.map(\.count).max() ?? 1)
        let summary = counts.isEmpty ? "No items." : counts.map { "\($0.label): \($0.count)" }.joined(separator: "; ")
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="\(id)-title \(id)-desc" \
            width="\(labelWidth + barSpace + 60)" height="\(height)" viewBox="0 0 \(labelWidth + barSpace + 60) \(height)">
            <title id="\(id)-title">\(XMLText.escape(title))</title>
            <desc id="\(id)-desc">\(XMLText.escape(summary))</desc>

            """
        for (index, count) in counts.enumerated() {
            let y = 4 + index * rowHeight
            let width = count.count * barSpace / largest
            svg += "<text x=\"\(labelWidth - 6)\" y=\(quoted(y + 16)) text-anchor=\"end\">\(XMLText.escape(String(count.label.prefix(30))))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\(quoted(y + 3)) width=\(quoted(max(1, width))) height=\"18\" fill=\"#2b5f8a\"></rect>"
            svg += "<text x=\(quoted(labelWidth + max(1, width) + 6)) y=\(quoted(y + 16))>\(count.count)</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    private static func quoted(_ value: Int) -> String { "\"\(value)\"" }

    private static func day(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day())
    }

    /// `seconds` as `"3 h 20 min"`, `"45 min"`, `"30 s"`, or `"n/a"`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "n/a" }
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        let minutes = total / 60
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min"
    }
}
