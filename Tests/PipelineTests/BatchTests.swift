import Foundation
import Pipeline
import Testing

@Suite("Batch runner")
struct BatchTests {
    @Test func parallelMapEmitsEveryResultInOrderWhateverTheJobCount() {
        for jobs in [1, 2, 7] {
            var seen: [Int] = []
            ParallelMap.run(count: 500, jobs: jobs, window: 8, makeWorker: { 0 }, work: { calls, index in
                calls += 1
                if index % 37 == 0 { usleep(200) } // uneven work must not reorder output
                return index * 3
            }, emit: { index, value in
                #expect(value == index * 3)
                seen.append(index)
            })
            #expect(seen == Array(0..<500))
        }
    }

    @Test func parallelMapWithNothingToDoReturns() {
        var emitted = 0
        ParallelMap.run(count: 0, jobs: 4, makeWorker: { 0 }, work: { _, _ in 1 }, emit: { _, _ in emitted += 1 })
        #expect(emitted == 0)
    }

    @Test func enumeratorWalksTreesInNameOrderAndReportsProblems() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-enum-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt"] {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        }
        // A link cycle must not make the walk endless.
        try FileManager.default.createSymbolicLink(atPath: root + "/c/d/loop", withDestinationPath: root)
        let items = FileEnumerator().files(under: [root, root + "/missing"])
        let names = items.map { $0.path.replacingOccurrences(of: root + "/", with: "") }
        #expect(names == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt", "missing"])
        #expect(items.last?.problem != nil)
        #expect(items.dropLast().allSatisfy { $0.problem == nil })
    }

    @Test func fileReaderRefusesFilesOverTheLimitBeforeReading() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-read-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 4096))
        #expect(try FileReader.readAll(path, limit: 4096).count == 4096)
        #expect(throws: (any Error).self) { try FileReader.readAll(path, limit: 4095) }
    }

    @Test func exactDigestsAreTheStandardOnes() {
        let digests = Array("The quick brown fox jumps over the lazy dog".utf8).withUnsafeBytes { ExactDigests(of: $0) }
        #expect(digests.md5 == "9e107d9d372bb6826bd81d3542a419d6")
        #expect(digests.sha1 == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")
        #expect(digests.sha256 == "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592")
    }
}
