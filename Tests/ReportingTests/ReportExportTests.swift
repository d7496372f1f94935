import Foundation
import Reporting
import Testing

@Suite struct ReportExportTests {
    func submissions() -> [ReportSubmission] {
        var first = ReportSubmission(id: "s1", destination: "NCMEC, CyberTipline", incident: Samples.incident(files: 2), now: Date(timeIntervalSince1970: 0))
        first.reportID = "7001"
        first.files[0] = .init(fileID: "f1", fileInfoSent: true)
        first.lastError = "upload: HTTP 500 \"boom\"\nline two"
        var second = ReportSubmission(id: "s2", destination: "=HYPERLINK(\"http://evil\")", incident: Samples.incident(files: 0), now: Date(timeIntervalSince1970: 60))
        second.incident.caseReference = "@SUM(A1)"
        second.incident.reportedURL = "-2+3"
        return [first, second]
    }

    @Test func csvQuotesPerRFC4180AndNeutralisesFormulas() throws {
        let csv = ReportExport.csv(submissions())
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == ReportExport.csvHeader.joined(separator: ","))
        #expect(csv.hasSuffix("\r\n"))
        #expect(lines[1].hasPrefix("s1,"))
        #expect(csv.contains(#""NCMEC, CyberTipline""#))
        #expect(csv.contains("\"upload: HTTP 500 \"\"boom\"\"\nline two\""))
        #expect(csv.contains(#""'=HYPERLINK(""http://evil"")""#))
        #expect(csv.contains(",'@SUM(A1),"))
        #expect(csv.contains(",'-2+3,"))
        #expect(csv.contains(",failed,7001,"))
        #expect(csv.contains(",2,1,1,1970-01-01T00:00:00Z,"))
        #expect(ReportExport.csvField("plain") == "plain")
        #expect(ReportExport.csvField("\tx") == "'\tx")
    }

    @Test func csvParsesBackWithPython() throws {
        // Python's csv module as an independent reader of the quoting.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import csv,io,sys,json; print(json.dumps(list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline=''), strict=True))))"]
        let input = Pipe(), output = Pipe()
        python.standardInput = input
        python.standardOutput = output
        do { try python.run() } catch {
            if ProcessInfo.processInfo.environment["CI"].map({ !$0.isEmpty }) == true { Issue.record("python3 is missing: \(error)") }
            return
        }
        input.fileHandleForWriting.write(Data(ReportExport.csv(submissions()).utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
        #expect(rows.count == 3)
        #expect(rows[1][2] == "NCMEC, CyberTipline")
        #expect(rows[1][12] == "upload: HTTP 500 \"boom\"\nline two")
        #expect(rows[2][2] == "'=HYPERLINK(\"http://evil\")")
        #expect(rows.allSatisfy { $0.count == ReportExport.csvHeader.count })
    }

    @Test func jsonExportHasStatusAndSnakeCaseKeys() throws {
        let json = try ReportExport.json(submissions())
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[0]["status"] as? String == "failed")
        #expect(rows[0]["report_id"] as? String == "7001")
        #expect(rows[0]["files_acknowledged"] as? Int == 1)
        #expect(rows[1]["status"] as? String == "pending")
        #expect(rows[1]["created_at"] as? String == "1970-01-01T00:01:00Z")
    }
}
