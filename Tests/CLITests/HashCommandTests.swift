import Foundation
import Testing

/// `bulwark hash` end to end: the real binary on files the tests write.
@Suite("bulwark hash")
struct HashCommandTests {
    static func picture(_ width: Int, _ height: Int, seed: Int = 0) -> [UInt8] {
        TestPNG.rgb(width: width, height: height) { x, y in
            (UInt8((x * 255 / max(width - 1, 1) + seed) & 0xFF), UInt8((y * 255 / max(height - 1, 1)) & 0xFF),
             UInt8(((x / 8 + y / 8) % 2) * 200))
        }
    }

    func records(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func hashesFilesAndDirectoriesRecursivelyWithEveryHash() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.png", Self.picture(120, 80))
        try directory.write("nested/deeper/b.png", Self.picture(64, 200, seed: 40))
        let result = try BulwarkProcess.run(["hash", directory.path, "--format", "ndjson"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try records(result.stdout)
        #expect(rows.count == 2)
        for row in rows {
            #expect((row["md5"] as? String)?.count == 32)
            #expect((row["sha1"] as? String)?.count == 40)
            #expect((row["sha256"] as? String)?.count == 64)
            #expect((row["pdq"] as? String)?.count == 64)
            #expect(row["format"] as? String == "png")
            #expect(row["quality"] is Int)
        }
        #expect(rows.first?["width"] as? Int == 120)
        #expect(rows.last?["height"] as? Int == 200)
    }

    @Test func knownDigestsOfKnownBytes() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("abc.txt", Array("abc".utf8))
        let result = try BulwarkProcess.run(["hash", path, "--format", "ndjson"])
        let row = try #require(try records(result.stdout).first)
        #expect(row["md5"] as? String == "900150983cd24fb0d6963f7d28e17f72")
        #expect(row["sha1"] as? String == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(row["sha256"] as? String == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect((row["error"] as? String)?.contains("unknown image format") == true)
        #expect(result.status == 1)
    }

    @Test func badFilesAreReportedOnTheirOwnLineAndTheRestAreHashed() throws {
        let directory = try TemporaryDirectory()
        let good = Self.picture(100, 100)
        try directory.write("1-good.png", good)
        try directory.write("2-empty.png", [])
        try directory.write("3-truncated.png", Array(good.prefix(good.count / 2)))
        var corrupt = good
        for index in stride(from: 60, to: corrupt.count - 20, by: 7) { corrupt[index] ^= 0x5A }
        try directory.write("4-corrupt.png", corrupt)
        try directory.write("5-liar.png", TestPNG.liar(width: 50_000, height: 50_000, bodyBytes: 1000))
        try directory.write("6-wrong-extension.jpg", good)
        let result = try BulwarkProcess.run(["hash", directory.path, "--format", "ndjson"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("4 of 6 files failed"))
        let rows = try records(result.stdout)
        #expect(rows.count == 6)
        let byName = Dictionary(uniqueKeysWithValues: rows.map { row in
            (URL(fileURLWithPath: row["path"] as? String ?? "").lastPathComponent, row)
        })
        #expect(byName["1-good.png"]?["pdq"] != nil)
        #expect((byName["2-empty.png"]?["error"] as? String)?.isEmpty == false)
        #expect((byName["3-truncated.png"]?["error"] as? String)?.isEmpty == false)
        #expect((byName["4-corrupt.png"]?["error"] as? String)?.isEmpty == false)
        let liar = byName["5-liar.png"]?["error"] as? String ?? ""
        #expect(liar.contains("limit") || liar.contains("pixels"), "\(liar)")
        // The format comes from the bytes, not the name.
        #expect(byName["6-wrong-extension.jpg"]?["format"] as? String == "png")
        #expect(byName["6-wrong-extension.jpg"]?["pdq"] as? String == byName["1-good.png"]?["pdq"] as? String)
        // Failed files still carry the digests of the bytes that were read.
        #expect((byName["3-truncated.png"]?["sha256"] as? String)?.count == 64)
    }

    @Test func missingPathsAreErrorsNotCrashes() throws {
        let result = try BulwarkProcess.run(["hash", "/nonexistent/bulwark/file.png", "--format", "ndjson"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("No such file"))
    }

    @Test func csvAndJsonFormats() throws {
        let directory = try TemporaryDirectory()
        try directory.write("x.png", Self.picture(70, 90))
        try directory.write("y,with comma.png", Self.picture(90, 70))
        let csv = try BulwarkProcess.run(["hash", directory.path, "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "path,size,format,width,height,md5,sha1,sha256,pdq,quality,vpdq_frames,vpdq,error")
        #expect(lines.count == 3)
        #expect(csv.stdout.contains("\"\(directory.path)/y,with comma.png\""))
        let json = try BulwarkProcess.run(["hash", directory.path, "--format", "json"])
        let array = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
    }

    @Test func dihedralHashesAndJobsGiveTheSameAnswers() throws {
        let directory = try TemporaryDirectory()
        for index in 0..<12 { try directory.write("p\(index).png", Self.picture(80 + index, 60, seed: index * 9)) }
        let one = try BulwarkProcess.run(["hash", directory.path, "--jobs", "1", "--dihedral"])
        let two = try BulwarkProcess.run(["hash", directory.path, "--jobs", "2", "--dihedral"])
        #expect(one.status == 0)
        #expect(one.stdout == two.stdout)
        let row = try #require(try records(one.stdout).first)
        let dihedral = try #require(row["dihedral"] as? [String])
        #expect(dihedral.count == 8)
        #expect(dihedral.first == row["pdq"] as? String)
    }

    @Test func invalidOptionsAreUsageErrors() throws {
        let result = try BulwarkProcess.run(["hash", "--jobs", "0", "."])
        #expect(result.status != 0 && result.status != 1)
        #expect(result.stderr.contains("--jobs"))
    }
}
