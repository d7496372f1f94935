import Testing
@testable import DatasetScan

@Suite("Tar reader")
struct TarReaderTests {
    private func members(_ bytes: [UInt8], limits: TarReader<MemoryByteSource>.Limits = .init()) throws -> [(String, [UInt8])] {
        var reader = TarReader(MemoryByteSource(bytes), limits: limits)
        var found: [(String, [UInt8])] = []
        while let member = try reader.next() {
            found.append((member.name, try reader.readData()))
        }
        return found
    }

    @Test func readsUstarAndPaxMembersInOrder() throws {
        var tar = TestTar()
        tar.add("000001.jpg", [1, 2, 3])
        tar.add("000001.txt", Array("a red bicycle".utf8))
        let long = String(repeating: "d", count: 120) + "/000002.jpg"
        tar.add(long, [UInt8](repeating: 7, count: 700), pax: true)
        let found = try members(tar.finished)
        #expect(found.map(\.0) == ["000001.jpg", "000001.txt", long])
        #expect(found[0].1 == [1, 2, 3])
        #expect(found[2].1 == [UInt8](repeating: 7, count: 700))
    }

    @Test func skippingDataStillFindsEveryHeader() throws {
        var tar = TestTar()
        for index in 0..<5 { tar.add("k\(index).jpg", [UInt8](repeating: UInt8(index), count: 600 + index)) }
        var reader = TarReader(MemoryByteSource(tar.finished))
        var names: [String] = []
        while let member = try reader.next() { names.append(member.name) } // next() skips unread data
        #expect(names == (0..<5).map { "k\($0).jpg" })
    }

    @Test func truncatedInsideDataIsATruncationErrorWithOffset() throws {
        var tar = TestTar()
        tar.add("a.jpg", [UInt8](repeating: 1, count: 1000))
        let cut = Array(tar.finished.prefix(512 + 300))
        #expect(throws: DatasetScanError.self) { try members(cut) }
        do {
            _ = try members(cut)
        } catch let error as DatasetScanError {
            guard case let .truncatedTar(offset, reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(offset == 812)
            #expect(reason.contains("data bytes missing"))
        }
    }

    @Test func truncatedInsideHeaderOrWithoutEndBlocksIsReported() throws {
        var tar = TestTar()
        tar.add("a.txt", [1])
        let noEnd = tar.bytes
        #expect(throws: DatasetScanError.truncatedTar(offset: 1024, reason: "archive ends without its end-of-archive blocks")) {
            try members(noEnd)
        }
        let halfHeader = noEnd + [UInt8](repeating: 0x41, count: 100)
        #expect(throws: DatasetScanError.truncatedTar(offset: 1024, reason: "archive ends inside a member header (100 of 512 bytes)")) {
            try members(halfHeader)
        }
    }

    @Test func badChecksumAndNonOctalSizeAreCorruption() throws {
        var tar = TestTar()
        tar.add("a.txt", [1])
        var bad = tar.finished
        bad[0] ^= 0x01
        #expect(throws: DatasetScanError.self) { try members(bad) }
        var header = TestTar.header(name: "b.txt", size: 1, typeflag: UInt8(ascii: "0"))
        header[125] = UInt8(ascii: "9")
        // Recompute the checksum so only the size is wrong.
        for index in 148..<156 { header[index] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let field = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits + [0, 0x20]
        header.replaceSubrange(148..<156, with: field)
        do {
            _ = try members(header + TestTar.padded([1]) + [UInt8](repeating: 0, count: 1024))
            Issue.record("accepted a non-octal size")
        } catch let error as DatasetScanError {
            #expect(error.description.contains("non-octal"))
        }
    }

    @Test func malformedPaxRecordsAreRejected() throws {
        for payload in ["99 path=x\n", "5 path=abc\n", "abc path=x\n", "12 pathx\n   "] {
            var tar = TestTar()
            tar.addPax(Array(payload.utf8))
            tar.add("a.txt", [1])
            #expect(throws: DatasetScanError.self, "\(payload)") { try members(tar.finished) }
        }
    }

    @Test func oversizedMemberIsALimitErrorAndTheArchiveGoesOn() throws {
        var tar = TestTar()
        tar.add("big.jpg", [UInt8](repeating: 1, count: 5000))
        tar.add("small.txt", [2])
        var reader = TarReader(MemoryByteSource(tar.finished), limits: .init(maxMemberBytes: 1000))
        #expect(try reader.next()?.name == "big.jpg")
        #expect(throws: DatasetScanError.self) { try reader.readData() }
        #expect(try reader.next()?.name == "small.txt")
        #expect(try reader.readData() == [2])
        #expect(try reader.next() == nil)
    }

    @Test func gnuBase256SizeIsRead() throws {
        var block = [UInt8](repeating: 0, count: 512)
        block[124] = 0x80
        block[135] = 0x02
        block[134] = 0x01
        #expect(try TarReader<MemoryByteSource>.number(block, 124, 12, field: "size", offset: 0) == 258)
        block[124] = 0xFF
        #expect(throws: DatasetScanError.self) { try TarReader<MemoryByteSource>.number(block, 124, 12, field: "size", offset: 0) }
    }

    @Test func randomCorruptionNeverTraps() throws {
        var tar = TestTar()
        for index in 0..<4 { tar.add("\(index).jpg", [UInt8](repeating: UInt8(index), count: 300)) }
        let good = tar.finished
        var state: UInt64 = 1
        for _ in 0..<300 {
            var bytes = good
            for _ in 0..<4 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes[Int(state >> 33) % bytes.count] = UInt8(truncatingIfNeeded: state >> 20)
            }
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let cut = Int(state >> 33) % (bytes.count + 1)
            _ = try? members(Array(bytes.prefix(cut)))
        }
    }
}
