import BulwarkCore
import CZlib
import Foundation
@testable import ModelScan

/// Builders for the small model files the tests need, written from scratch.
enum Fixtures {
    /// A safetensors file: the 8-byte length, `header` verbatim, then `dataSize` bytes.
    static func safetensors(header: String, dataSize: Int, fill: UInt8 = 0) -> [UInt8] {
        safetensors(headerBytes: Array(header.utf8), dataSize: dataSize, fill: fill)
    }

    static func safetensors(headerBytes: [UInt8], dataSize: Int, fill: UInt8 = 0) -> [UInt8] {
        var out = littleEndian(UInt64(headerBytes.count))
        out += headerBytes
        out += [UInt8](repeating: fill, count: dataSize)
        return out
    }

    /// A well-formed safetensors file from (name, dtype, shape) with contiguous data and optional metadata.
    static func safetensors(tensors: [(String, String, [Int])], metadata: [String: String] = [:]) -> [UInt8] {
        var entries: [String] = []
        var offset = 0
        let width = ["F16": 2, "BF16": 2, "F32": 4, "I64": 8, "U8": 1, "F64": 8]
        for (name, dtype, shape) in tensors {
            let size = shape.reduce(1, *) * (width[dtype] ?? 4)
            entries.append("\(quote(name)):{\"dtype\":\"\(dtype)\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(quote($0.key)):\(quote($0.value))" }
            entries.insert("\"__metadata__\":{\(pairs.joined(separator: ","))}", at: 0)
        }
        var header = "{" + entries.joined(separator: ",") + "}"
        while header.utf8.count % 8 != 0 { header += " " }
        var data = [UInt8](repeating: 0, count: offset)
        for i in 0..<data.count { data[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 7) }
        return littleEndian(UInt64(header.utf8.count)) + Array(header.utf8) + data
    }

    /// A JSON string literal for `text`.
    static func quote(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        let array = String(decoding: data ?? Data("[\"\"]".utf8), as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }

    static func littleEndian(_ value: UInt64, width: Int = 8) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// A GGUF v3 file with the given string and uint32 values.
    static func gguf(strings: [(String, String)], uint32s: [(String, UInt32)] = [], version: UInt32 = 3) -> [UInt8] {
        var out = Array("GGUF".utf8) + littleEndian(UInt64(version), width: 4)
        out += littleEndian(0) + littleEndian(UInt64(strings.count + uint32s.count))
        func string(_ s: String) -> [UInt8] { littleEndian(UInt64(s.utf8.count)) + Array(s.utf8) }
        for (k, v) in strings { out += string(k) + littleEndian(8, width: 4) + string(v) }
        for (k, v) in uint32s { out += string(k) + littleEndian(4, width: 4) + littleEndian(UInt64(v), width: 4) }
        return out
    }

    /// `bytes` compressed as raw DEFLATE (no zlib wrapper), as zip method 8 stores them.
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CocoaError(.featureUnsupported)
        }
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        let status = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw CocoaError(.featureUnsupported) }
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// A zip archive written by hand; `method` 8 expects the data already deflated.
    static func zip(_ files: [(String, [UInt8])], method: UInt16 = 0) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, data) in files {
            let offset = out.count
            let nameBytes = Array(name.utf8)
            func header(_ signature: UInt64, central: Bool) -> [UInt8] {
                var h = littleEndian(signature, width: 4)
                if central { h += littleEndian(20, width: 2) }
                h += littleEndian(20, width: 2) + littleEndian(0, width: 2) + littleEndian(UInt64(method), width: 2)
                h += littleEndian(0, width: 4) + littleEndian(0, width: 4) // time/date, crc (not checked)
                h += littleEndian(UInt64(data.count), width: 4) + littleEndian(UInt64(data.count), width: 4)
                h += littleEndian(UInt64(nameBytes.count), width: 2) + littleEndian(0, width: 2)
                if central {
                    h += littleEndian(0, width: 2) + littleEndian(0, width: 2) + littleEndian(0, width: 2) + littleEndian(0, width: 4)
                    h += littleEndian(UInt64(offset), width: 4)
                }
                return h + nameBytes
            }
            out += header(0x0403_4b50, central: false) + data
            central += header(0x0201_4b50, central: true)
        }
        let centralOffset = out.count
        out += central
        out += littleEndian(0x0605_4b50, width: 4) + littleEndian(0, width: 2) + littleEndian(0, width: 2)
        out += littleEndian(UInt64(files.count), width: 2) + littleEndian(UInt64(files.count), width: 2)
        out += littleEndian(UInt64(central.count), width: 4) + littleEndian(UInt64(centralOffset), width: 4) + littleEndian(0, width: 2)
        return out
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "modelscan-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

/// Runs an oracle script under Tests/ModelScanTests/Oracles with python3; nil (with a printed
/// note) when Python or its packages are missing and CI is unset.
enum Oracle {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Oracles/model_oracle.py").path

    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ command: String, in directory: String) throws -> Any? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, command, directory]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = "oracle \(command) failed (pip install safetensors gguf picklescan numpy): \(String(decoding: errors, as: UTF8.self).suffix(400))"
            if ProcessInfo.processInfo.environment["CI"] != nil { throw Unavailable(description: message) }
            print("skipping: \(message)")
            return nil
        }
        return try JSONSerialization.jsonObject(with: data)
    }
}

/// A text checker double: flags any text containing a listed word, and the pair minor+nude together.
struct WordListChecker: TrainingTextChecker {
    var words: [String] = ["forbiddencodeword"]

    func check(_ text: String) -> Decision {
        let lower = text.lowercased()
        var reasons: [Reason] = []
        for word in words where lower.contains(word) {
            reasons.append(Reason(code: "text.codeword", verdict: .block, message: "known codeword", details: ["term": word]))
        }
        if lower.contains("minor") && lower.contains("nude") {
            reasons.append(Reason(code: "text.minor-sexual", verdict: .block, message: "minor and sexual terms together"))
        }
        return Decision(reasons: reasons)
    }
}

/// A bank double holding a set of signals.
struct SetBank: ModelBankMatcher {
    var entries: Set<Signal>

    func matches(for signals: [Signal]) -> [ModelBankMatch] {
        signals.filter { entries.contains($0) }.map { ModelBankMatch(bank: "test-bank", signal: $0, label: "test") }
    }
}
