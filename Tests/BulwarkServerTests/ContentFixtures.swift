import BulwarkCore
import BulwarkServer
import Foundation

/// Files the content-route tests upload, generated here: a small PNG carrying generator
/// parameters in a tEXt chunk, and a tiny safetensors model.
enum ContentFixtures {
    /// A benign prompt in the A1111 "parameters" layout.
    static let benignPrompt = "a lighthouse at dusk, watercolor"
    static let parameters = "\(benignPrompt)\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 8x8, Model: test-model"

    /// An 8x8 PNG with a `tEXt` chunk `key` = `value` inserted right after IHDR.
    static func png(textKey key: String = "parameters", value: String = parameters) -> [UInt8] {
        var pixels: [UInt8] = []
        for index in 0..<(8 * 8) { pixels += [UInt8(index * 4 % 256), 128, UInt8(255 - index * 4 % 256)] }
        let plain = PNGWriter.encode(RGBImage(width: 8, height: 8, pixels: pixels))
        let ihdrEnd = 8 + 4 + 4 + 13 + 4
        return Array(plain[..<ihdrEnd]) + chunk("tEXt", Array(key.utf8) + [0] + Array(value.utf8)) + Array(plain[ihdrEnd...])
    }

    /// A safetensors file: 8-byte little-endian header length, JSON header, tensor bytes.
    static func safetensors() -> [UInt8] {
        let header = Array(#"{"weight":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"format":"pt"}}"#.utf8)
        var length = UInt64(header.count).littleEndian
        let prefix = withUnsafeBytes(of: &length) { Array($0) }
        return prefix + header + [0, 0, 128, 63, 0, 0, 0, 64]
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return ~crc
    }
}
