import Foundation

/// A self-contained HTML page (inline CSS and SVG, no scripts, no external assets) showing a
/// scan's summary: totals, a status bar, and bar charts of reasons and problems per million.
public enum HTMLReport {
    public static func render(_ summary: ScanSummary) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Bulwark dataset scan</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:60rem}
            table{border-collapse:collapse;margin:1rem 0}td,th{padding:.3rem .8rem;border-bottom:1px solid #d0d7de;text-align:left}
            td.n{text-align:right;font-variant-numeric:tabular-nums}h2{margin-top:2rem}
            </style></head><body>
            <h1>Dataset scan report</h1>
            <p>Shards: \(escape(summary.shards.joined(separator: ", "))). Hashes and counts only: this report holds no media and no captions.</p>
            <table><tr><th>Items</th><th>Kept</th><th>Excluded</th><th>Errors</th><th>Excluded per million</th></tr>
            <tr><td class="n">\(summary.items)</td><td class="n">\(summary.kept)</td><td class="n">\(summary.excluded)</td>
            <td class="n">\(summary.errors)</td><td class="n">\(format(summary.excludedPerMillion))</td></tr></table>

            """
        html += "<h2>Status</h2>\n" + statusBar(summary)
        html += "<h2>Reasons (items per million)</h2>\n" + barChart(summary.byReason, colour: "#cf222e")
        html += "<h2>Problems (items per million)</h2>\n" + barChart(summary.byProblem, colour: "#9a6700")
        html += "<h2>Image formats</h2>\n<table><tr><th>Format</th><th>Items</th></tr>"
        for (format, count) in summary.byFormat.sorted(by: { $0.key < $1.key }) {
            html += "<tr><td>\(escape(format))</td><td class=\"n\">\(count)</td></tr>"
        }
        html += "</table>\n</body></html>\n"
        return html
    }

    private static func statusBar(_ summary: ScanSummary) -> String {
        let width = 600.0
        let total = Double(max(summary.items, 1))
        var x = 0.0
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"50\" role=\"img\" aria-label=\"items by status\">"
        for (label, count, colour) in [("kept", summary.kept, "#1a7f37"), ("excluded", summary.excluded, "#cf222e"), ("errors", summary.errors, "#9a6700")] {
            let w = width * Double(count) / total
            svg += "<rect x=\"\(format(x))\" y=\"0\" width=\"\(format(w))\" height=\"24\" fill=\"\(colour)\"><title>\(label): \(count)</title></rect>"
            x += w
        }
        svg += "<text x=\"0\" y=\"44\" font-size=\"12\">kept \(summary.kept) · excluded \(summary.excluded) · errors \(summary.errors)</text></svg>\n"
        return svg
    }

    private static func barChart(_ counts: [String: ScanSummary.Prevalence], colour: String) -> String {
        guard !counts.isEmpty else { return "<p>None.</p>\n" }
        let rows = counts.sorted { ($1.value.items, $0.key) < ($0.value.items, $1.key) }
        let peak = rows.map(\.value.perMillion).max() ?? 1
        let barWidth = 360.0
        let height = rows.count * 24 + 4
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"\(height)\" role=\"img\">"
        for (index, row) in rows.enumerated() {
            let y = index * 24
            let w = peak > 0 ? barWidth * row.value.perMillion / peak : 0
            svg += "<text x=\"0\" y=\"\(y + 16)\" font-size=\"12\">\(escape(row.key))</text>"
            svg += "<rect x=\"220\" y=\"\(y + 4)\" width=\"\(format(max(w, 1)))\" height=\"16\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(format(224 + max(w, 1)))\" y=\"\(y + 16)\" font-size=\"12\">\(format(row.value.perMillion)) per million (\(row.value.items) items)</text>"
        }
        return svg + "</svg>\n"
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
