import BulwarkCore
import Testing
@testable import ModelScan

@Suite("pickle static scan")
struct PickleScannerTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    func su(_ s: String) -> [UInt8] { [0x8c, UInt8(s.utf8.count)] + Array(s.utf8) }

    func scan(_ data: [UInt8]) -> PickleStreamScan { PickleScanner.scan(source: MemoryByteSource(data)) }

    @Test func protocolZeroGlobal() {
        let result = scan(bytes("cos\nsystem\n(S'echo'\ntR."))
        #expect(result.imports == [PickleImport(module: "os", name: "system")])
        #expect(result.completePickles == 1)
        #expect(result.error == nil)
    }

    @Test func stackGlobalFromMemo() {
        // 'subprocess' PUT 0, 'Popen' PUT 1, POP, POP, GET 0, GET 1, STACK_GLOBAL
        let data: [UInt8] = [0x80, 4] + su("subprocess") + [0x71, 0] + su("Popen") + [0x71, 1, 0x30, 0x30, 0x68, 0, 0x68, 1, 0x93, 0x29, 0x52, 0x2e]
        #expect(scan(data).imports == [PickleImport(module: "subprocess", name: "Popen")])
    }

    @Test func stackGlobalWithMemoize() {
        let data: [UInt8] = [0x80, 4] + su("builtins") + [0x94] + su("eval") + [0x94, 0x93, 0x94, 0x2e]
        #expect(scan(data).imports == [PickleImport(module: "builtins", name: "eval")])
    }

    @Test func stackGlobalWithNonStringIsUnknown() {
        let data: [UInt8] = [0x80, 4, 0x4b, 5] + su("system") + [0x93, 0x2e]
        let result = scan(data)
        #expect(result.imports == [PickleImport(module: "unknown", name: "system")])
        #expect(PickleImportClassifier().classify(result.imports[0]) == .dangerous)
    }

    @Test func stackGlobalWithoutValuesIsMalformed() {
        let result = scan([0x93, 0x2e])
        #expect(result.imports == [PickleImport(module: "unknown", name: "unknown")])
        #expect(result.error?.contains("STACK_GLOBAL at byte 0 has 0 values") == true)
    }

    @Test func concatenatedPicklesAreAllScanned() {
        let first = bytes("(lp0\nI1\na.")
        let second = bytes("crunpy\n_run_code\n(S'x'\ntR.")
        let result = scan(first + second)
        #expect(result.completePickles == 2)
        #expect(result.imports == [PickleImport(module: "runpy", name: "_run_code")])
    }

    @Test func truncatedPickleKeepsImportsAndSaysWhere() {
        let result = scan(bytes("cwebbrowser\nopen\n(S'http://exa"))
        #expect(result.imports == [PickleImport(module: "webbrowser", name: "open")])
        #expect(result.error?.contains("no newline") == true)
    }

    @Test func exhaustedBeforeStop() {
        let result = scan([0x80, 2, 0x4b, 1])
        #expect(result.error == "pickle exhausted before seeing STOP at byte 4")
    }

    @Test func unknownOpcode() {
        let result = scan([0x80, 2, 0xff])
        #expect(result.error == "unknown opcode 0xff at byte 2")
    }

    @Test func negativeBinstringLength() {
        let result = scan([0x54, 0xff, 0xff, 0xff, 0xff, 0x2e])
        #expect(result.error?.contains("negative length -1") == true)
    }

    @Test func hugeLengthPrefixIsBoundedByTheFile() {
        let result = scan([0x8d] + [UInt8](repeating: 0xff, count: 7) + [0x7f, 0x2e])
        #expect(result.error?.contains("remain") == true)
    }

    @Test func instOpcode() {
        #expect(scan(bytes("(S'x'\nibuiltins\ngetattr\n.")).imports == [PickleImport(module: "builtins", name: "getattr")])
    }

    @Test func largeBytesAreSkippedNotRead() {
        var data: [UInt8] = [0x80, 4, 0x8e] + Fixtures.littleEndian(3_000_000)
        data += [UInt8](repeating: 0, count: 3_000_000)
        data += [0x2e]
        let result = scan(data)
        #expect(result.completePickles == 1)
        #expect(result.error == nil)
    }

    @Test func classifierMatchesPicklescanLists() {
        let c = PickleImportClassifier()
        #expect(c.classify(PickleImport(module: "torch._utils", name: "_rebuild_tensor_v2")) == .innocuous)
        #expect(c.classify(PickleImport(module: "collections", name: "OrderedDict")) == .innocuous)
        #expect(c.classify(PickleImport(module: "os.path", name: "join")) == .dangerous)
        #expect(c.classify(PickleImport(module: "builtins", name: "print")) == .suspicious)
        #expect(c.classify(PickleImport(module: "builtins", name: "exec")) == .dangerous)
        #expect(c.classify(PickleImport(module: "numpy.core.multiarray", name: "scalar")) == .suspicious)
        #expect(c.classify(PickleImport(module: "torch.hub", name: "load")) == .dangerous)
        let extended = PickleImportClassifier(extraSafe: [PickleImport(module: "numpy.core.multiarray", name: "scalar")])
        #expect(extended.classify(PickleImport(module: "numpy.core.multiarray", name: "scalar")) == .innocuous)
    }

    @Test func zipArchiveEntriesAreScanned() {
        let pkl = bytes("c__builtin__\ngetattr\n.")
        let archive = Fixtures.zip([("archive/data.pkl", pkl), ("archive/version", bytes("3\n"))])
        let report = PickleFileScanner().scan(MemoryByteSource(archive))
        #expect(report.container == "zip")
        #expect(report.scannedStreams == ["archive/data.pkl"])
        #expect(report.imports.map(\.safety) == [.dangerous])
    }

    @Test func truncatedZipIsAFinding() {
        let archive = Fixtures.zip([("archive/data.pkl", bytes("cos\nsystem\n."))])
        let cut = Array(archive.prefix(archive.count - 30))
        let report = PickleFileScanner().scan(MemoryByteSource(cut))
        #expect(report.findings.first?.code == "zip.malformed")
        #expect(report.findings.first?.message.contains("truncated") == true)
    }

    @Test func zipEntryPastEndIsAFinding() {
        var archive = Fixtures.zip([("archive/data.pkl", bytes("cos\nsystem\n."))])
        // Corrupt the central directory's compressed size (offset 20 within the entry).
        let central = archive.count - 22 - 46 - "archive/data.pkl".utf8.count
        archive[central + 20] = 0xff
        archive[central + 21] = 0xff
        let report = PickleFileScanner().scan(MemoryByteSource(archive))
        #expect(report.findings.contains { $0.code == "zip.entry" && $0.message.contains("runs past the end") })
    }

    @Test func otherCompressionMethodsAreUnscannable() {
        let archive = Fixtures.zip([("archive/data.pkl", [1, 2, 3])], method: 12)
        let report = PickleFileScanner().scan(MemoryByteSource(archive))
        #expect(report.findings.contains { $0.kind == .unscannable && $0.code == "pickle.compressed-entry" })
    }

    @Test func deflatedPickleEntryIsInflatedAndScanned() throws {
        let pkl = bytes("cos\nsystem\n(S'x'\ntR.")
        let archive = Fixtures.zip([("archive/data.pkl", try Fixtures.deflate(pkl)), ("archive/version", try Fixtures.deflate(bytes("3\n")))], method: 8)
        let report = PickleFileScanner().scan(MemoryByteSource(archive))
        #expect(report.scannedStreams == ["archive/data.pkl"])
        #expect(report.imports.map { "\($0.module).\($0.name)" } == ["os.system"])
        #expect(report.findings.isEmpty)
    }

    @Test func corruptDeflatedEntryIsAFinding() {
        let archive = Fixtures.zip([("archive/data.pkl", [0xff, 0xff, 0xff, 0xff])], method: 8)
        let report = PickleFileScanner().scan(MemoryByteSource(archive))
        #expect(report.findings.contains { $0.code == "zip.deflate" && $0.kind == .malformed && $0.location == "archive/data.pkl" })
    }

    @Test func truncatedDeflatedEntryIsAFinding() throws {
        let deflated = try Fixtures.deflate(bytes("cos\nsystem\n(S'x'\ntR."))
        let archive = Fixtures.zip([("archive/data.pkl", Array(deflated.prefix(deflated.count / 2)))], method: 8)
        let report = PickleFileScanner().scan(MemoryByteSource(archive))
        #expect(report.findings.contains { $0.code == "zip.deflate" && $0.message.contains("ends early") })
        #expect(report.scannedStreams.isEmpty)
    }

    @Test func deflateBombStopsAtTheCap() throws {
        let pkl = [0x80, 0x02] + [UInt8](repeating: 0x4e, count: 4 << 20) + [0x2e] // PROTO 2, 4 Mi NONE opcodes, STOP
        let archive = Fixtures.zip([("archive/data.pkl", try Fixtures.deflate(pkl))], method: 8)
        var limits = ZipLimits()
        limits.maxInflatedEntryBytes = 1 << 20
        let report = PickleFileScanner(zipLimits: limits).scan(MemoryByteSource(archive))
        #expect(report.findings.contains { $0.code == "zip.deflate" && $0.message.contains("more than 1048576 bytes") })
        #expect(report.scannedStreams.isEmpty)
    }

    @Test func notAPickleIsMalformed() {
        let report = PickleFileScanner().scan(MemoryByteSource(bytes("hello world")))
        #expect(report.findings.first?.code == "pickle.malformed")
    }
}
