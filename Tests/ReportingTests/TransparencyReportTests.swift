import Foundation
import Reporting
import Testing

@Suite struct TransparencyReportTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func records() -> [TransparencyRecord] {
        // Times to action in minutes: 10, 20, 30, 40, 50, 60, 70, 80, 90, 600; one open; one outside the period.
        var records = [10, 20, 30, 40, 50, 60, 70, 80, 90, 600].enumerated().map { index, minutes in
            TransparencyRecord(
                category: ["A", "B", "B", "C", "C", "C", "not illegal", "C", "B", "A"][index],
                source: index < 6 ? "bank match" : "user report",
                openedAt: start.addingTimeInterval(Double(index) * 3600),
                actionedAt: start.addingTimeInterval(Double(index) * 3600 + Double(minutes) * 60),
                outcome: index == 6 ? "no action" : "reported")
        }
        records.append(TransparencyRecord(category: "B", source: "provenance", openedAt: start.addingTimeInterval(100), actionedAt: nil, outcome: "open"))
        records.append(TransparencyRecord(category: "A", source: "bank match", openedAt: start.addingTimeInterval(-10), actionedAt: start, outcome: "reported"))
        return records
    }

    @Test func countsAndTimesToAction() {
        let figures = TransparencyFigures(records: records(), from: start, to: start.addingTimeInterval(86_400))
        #expect(figures.total == 11)
        #expect(figures.actioned == 10)
        #expect(figures.byCategory.map(\.label) == ["B", "C", "A", "not illegal"])
        #expect(figures.byCategory.map(\.count) == [4, 4, 2, 1])
        #expect(figures.bySource.map { "\($0.label)=\($0.count)" } == ["bank match=6", "user report=4", "provenance=1"])
        #expect(figures.byOutcome.first?.count == 9)
        #expect(figures.medianTimeToAction == Double(55 * 60))  // mean of 50 and 60 minutes
        #expect(figures.p90TimeToAction == Double(90 * 60))  // rank ceil(0.9 * 10) = 9
    }

    @Test func oddCountsAndEmptyPeriods() {
        let odd = TransparencyFigures(records: Array(records().prefix(5)), from: start, to: start.addingTimeInterval(86_400))
        #expect(odd.medianTimeToAction == Double(30 * 60))
        #expect(odd.p90TimeToAction == Double(50 * 60))  // rank ceil(4.5) = 5
        let empty = TransparencyFigures(records: records(), from: start.addingTimeInterval(-86_400), to: start.addingTimeInterval(-3600))
        #expect(empty.total == 0)
        #expect(empty.medianTimeToAction == nil)
        #expect(empty.p90TimeToAction == nil)
        #expect(TransparencyReportPage.html(empty, organisation: "Example").contains("No items in this period."))
    }

    @Test func pageIsSelfContainedAccessibleAndEscaped() throws {
        var input = records()
        input[0].category = "<script>alert(1)</script>"
        let figures = TransparencyFigures(records: input, from: start, to: start.addingTimeInterval(86_400))
        let html = TransparencyReportPage.html(figures, organisation: "Example & Co")
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(!html.contains("<link"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(html.components(separatedBy: "role=\"img\"").count - 1 == 3)
        #expect(html.components(separatedBy: "<title id=").count - 1 == 3)
        #expect(html.contains("<td class=\"n\">55 min</td>"))
        #expect(html.contains("<td class=\"n\">1 h 30 min</td>"))
        #expect(html.contains("<tr><td>B</td><td class=\"n\">4</td></tr>"))
        // The SVG part must be well-formed XML.
        for chunk in html.components(separatedBy: "<svg ").dropFirst() {
            let svg = "<svg " + (chunk.components(separatedBy: "</svg>").first ?? "") + "</svg>"
            let parsed = try XMLSummary(bytes: Array(svg.utf8), step: "svg")
            #expect(parsed.root == "svg")
            #expect(!parsed.all("svg/rect").isEmpty)
        }
    }
}
