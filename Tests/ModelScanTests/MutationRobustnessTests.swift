import BulwarkCore
import Testing
@testable import ModelScan

/// Seeded random corruptions of valid fixtures: every one must end in a report (findings or
/// errors), never a trap.
@Suite("mutated inputs")
struct MutationRobustnessTests {
    /// SplitMix64, so failures reproduce from the seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static let seeds: [(String, [UInt8])] = [
        ("m.safetensors", Fixtures.safetensors(tensors: [("lora_unet_a_attn2_to_k.lora_down.weight", "F16", [2, 768]), ("b", "F32", [3])],
                                                metadata: ["ss_tag_frequency": #"{"10_x": {"a": 1}}"#, "ss_output_name": "Jane Doe"])),
        ("m.gguf", Fixtures.gguf(strings: [("general.architecture", "llama"), ("general.name", "n")], uint32s: [("llama.context_length", 8)])),
        ("m.pkl", Array("\u{80}\u{02}ccollections\nOrderedDict\nq\u{00})Rq\u{01}.".utf8)),
        ("m.pt", Fixtures.zip([("archive/data.pkl", Array("cos\nsystem\n(S'x'\ntR.".utf8)), ("archive/version", Array("3\n".utf8))])),
    ]

    @Test(arguments: 0..<Self.seeds.count)
    func corruptedFilesNeverTrap(seedIndex: Int) {
        let (name, original) = Self.seeds[seedIndex]
        var random = Random(state: UInt64(seedIndex) &* 7919)
        let scanner = ModelScanner(textChecker: WordListChecker())
        for _ in 0..<400 {
            var bytes = original
            switch random.below(4) {
            case 0: // flip a few bytes
                for _ in 0...random.below(4) where !bytes.isEmpty { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
            case 1: // truncate
                bytes = Array(bytes.prefix(random.below(bytes.count)))
            case 2: // extreme values in the first bytes (length fields)
                for i in 0..<min(8, bytes.count) where random.below(2) == 0 { bytes[i] = 0xff }
            default: // insert garbage
                let at = random.below(bytes.count + 1)
                bytes.insert(contentsOf: (0..<random.below(16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: at)
            }
            let report = scanner.scan(source: MemoryByteSource(bytes), name: name)
            #expect(report.size == UInt64(bytes.count))
        }
    }
}
