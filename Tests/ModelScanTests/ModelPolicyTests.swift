import BulwarkCore
import Foundation
import Testing
@testable import ModelScan

@Suite("model policy")
struct ModelPolicyTests {
    let sd1LoRA: [(String, String, [Int])] = [
        ("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight", "F16", [4, 768]),
        ("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight", "F16", [320, 4]),
    ]

    func report(_ bytes: [UInt8], scanner: ModelScanner, name: String = "m.safetensors", hashes: ModelHashes? = nil) -> ModelScanReport {
        scanner.scan(source: MemoryByteSource(bytes), name: name, hashes: hashes)
    }

    @Test func cleanLoRAIsAllowed() {
        let r = report(Fixtures.safetensors(tensors: sd1LoRA, metadata: ["ss_output_name": "watercolor_style"]), scanner: ModelScanner())
        #expect(r.decision.verdict == .allow)
        #expect(r.architecture?.family == .sd1)
    }

    @Test func restrictedFamilyBlocks() throws {
        let policy = try ModelScanPolicy.load(json: Array(#"{"restrictedFamilies": ["sd1"]}"#.utf8))
        let r = report(Fixtures.safetensors(tensors: sd1LoRA), scanner: ModelScanner(policy: policy))
        #expect(r.decision.verdict == .block)
        #expect(r.decision.reasons.map(\.code) == ["model.family.restricted"])
        #expect(r.decision.reasons[0].details["family"] == "sd1")
    }

    @Test func claimedRestrictedFamilyAlsoCountsAndMismatchIsReviewed() {
        var policy = ModelScanPolicy()
        policy.restrictedFamilies = [.sd1]
        let sdxlTensors: [(String, String, [Int])] = [("lora_unet_a_attn2_to_k.lora_down.weight", "F16", [4, 2048])]
        let r = report(Fixtures.safetensors(tensors: sdxlTensors, metadata: ["ss_base_model_version": "sd_v1"]), scanner: ModelScanner(policy: policy))
        #expect(Set(r.decision.reasons.map(\.code)) == ["model.family.restricted", "model.family.mismatch"])
    }

    @Test func trainingTextGoesThroughTheChecker() {
        let tags = #"{"10_subject": {"minor": 10, "nude": 10, "outdoors": 2}, "5_forbiddencodeword": {"a": 1}}"#
        let scanner = ModelScanner(textChecker: WordListChecker())
        let r = report(Fixtures.safetensors(tensors: sd1LoRA, metadata: ["ss_tag_frequency": tags]), scanner: scanner)
        #expect(r.decision.verdict == .block)
        let checks = r.decision.reasons.filter { $0.code == "model.training-text" }
        // The co-occurrence only shows when the folder's tags are checked together.
        #expect(checks.contains { $0.details["check"] == "text.minor-sexual" && $0.source == "ss_tag_frequency[10_subject] (all tags)" })
        #expect(checks.contains { $0.details["check"] == "text.codeword" && $0.source == "ss_tag_frequency folder" })
    }

    @Test func withoutACheckerTrainingTextIsNotJudged() {
        let tags = #"{"10_subject": {"forbiddencodeword": 10}}"#
        let r = report(Fixtures.safetensors(tensors: sd1LoRA, metadata: ["ss_tag_frequency": tags]), scanner: ModelScanner())
        #expect(!r.decision.reasons.contains { $0.code == "model.training-text" })
    }

    @Test func likenessOfOneNamedPerson() {
        let tags = #"{"20_jane doe": {"jane doe": 20, "smile": 8, "outdoors": 5}}"#
        let metadata = ["ss_tag_frequency": tags, "ss_output_name": "JaneDoe_v2", "ss_num_train_images": "20"]
        let r = report(Fixtures.safetensors(tensors: sd1LoRA, metadata: metadata), scanner: ModelScanner())
        #expect(r.likeness?.name == "Jane" || r.likeness?.name == "Doe")
        #expect(r.decision.reasons.first { $0.code == "model.likeness.single-name" }?.verdict == .review)
    }

    @Test func styleLoRAIsNotALikeness() {
        let tags = #"{"10_watercolor": {"watercolor style": 10, "flower": 6, "landscape": 4}}"#
        let metadata = ["ss_tag_frequency": tags, "ss_output_name": "WatercolorStyle", "modelspec.title": "Watercolor"]
        let r = report(Fixtures.safetensors(tensors: sd1LoRA, metadata: metadata), scanner: ModelScanner())
        #expect(r.likeness == nil)
    }

    @Test func bankMatchOnFileAndLineage() throws {
        let base = String(repeating: "1", count: 64)
        let hashes = ModelHashes(sha256: String(repeating: "a", count: 64), autoV3: String(repeating: "b", count: 64))
        let bank = SetBank(entries: [Signal(type: .modelAutoV3, value: String(repeating: "b", count: 64)), Signal(type: .modelSHA256, value: base)])
        let r = report(Fixtures.safetensors(tensors: sd1LoRA, metadata: ["ss_new_sd_model_hash": base.uppercased()]),
                       scanner: ModelScanner(bankMatcher: bank), hashes: hashes)
        #expect(r.decision.verdict == .block)
        #expect(Set(r.decision.reasons.map(\.code)) == ["model.bank.match", "model.lineage.bank-match"])
    }

    @Test func malformedSafetensorsIsReviewedWithTheReason() {
        let r = report(Fixtures.safetensors(header: "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"a\":{}}", dataSize: 4), scanner: ModelScanner())
        #expect(r.decision.verdict == .review)
        #expect(r.decision.reasons.first?.details["finding"] == "safetensors.header")
        #expect(r.decision.reasons.first?.message.contains("duplicate key") == true)
    }

    @Test func dangerousPickleBlocksAndPolicyCanBlockAllPickles() throws {
        let r = report(Array("cposix\nsystem\n(S'x'\ntR.".utf8), scanner: ModelScanner(), name: "model.ckpt")
        #expect(r.format == .pickle)
        #expect(r.decision.verdict == .block)
        #expect(r.decision.reasons.first?.code == "model.pickle.dangerous-import")
        let strict = try ModelScanPolicy.load(json: Array(#"{"pickleFormatVerdict": "review"}"#.utf8))
        let benign = report(Array("(lp0\nI1\na.".utf8), scanner: ModelScanner(policy: strict), name: "m.pkl")
        #expect(benign.decision.verdict == .review)
        #expect(benign.decision.reasons.map(\.code) == ["model.pickle.format"])
    }

    @Test func pickledCheckpointFamilyFromTensorNames() throws {
        func unicode(_ s: String) -> [UInt8] { [0x58] + Fixtures.littleEndian(UInt64(s.utf8.count), width: 4) + Array(s.utf8) }
        var pkl: [UInt8] = [0x80, 2, 0x7d, 0x28]
        pkl += unicode("cond_stage_model.transformer.text_model.embeddings.position_ids") + [0x4e]
        pkl += unicode("model.diffusion_model.input_blocks.0.0.weight") + [0x4e]
        pkl += [0x75, 0x2e]
        let archive = Fixtures.zip([("archive/data.pkl", pkl), ("archive/version", Array("3\n".utf8))])
        let policy = try ModelScanPolicy.load(json: Array(#"{"restrictedFamilies": ["sd1"]}"#.utf8))
        let r = report(archive, scanner: ModelScanner(policy: policy), name: "model.ckpt")
        #expect(r.format == .pytorchZip)
        #expect(r.architecture?.kind == .checkpoint)
        #expect(r.architecture?.family == .sd1)
        #expect(r.decision.reasons.map(\.code) == ["model.family.restricted"])
    }

    @Test func protocolZeroPickleWithoutExtensionIsFound() {
        let r = report(Array("cos\nsystem\n(S'x'\ntR.".utf8), scanner: ModelScanner(), name: "upload")
        #expect(r.format == .pickle)
        #expect(r.decision.verdict == .block)
    }

    @Test func unknownFormatIsReviewed() {
        let r = report(Array("just some text".utf8), scanner: ModelScanner(), name: "notes.txt")
        #expect(r.format == .unknown)
        #expect(r.decision.reasons.map(\.code) == ["model.format.unknown"])
    }

    @Test func policyJSONKeepsDefaultsAndRejectsBadValues() throws {
        let policy = try ModelScanPolicy.load(json: Array(#"{"likeness": {"verdict": "block"}, "extraSafePickleImports": ["numpy.core.multiarray:scalar"]}"#.utf8))
        #expect(policy.likeness.verdict == .block)
        #expect(policy.likeness.minimumTagShare == 0.5)
        #expect(policy.dangerousPickleVerdict == .block)
        #expect(policy.pickleClassifier.classify(PickleImport(module: "numpy.core.multiarray", name: "scalar")) == .innocuous)
        #expect(throws: BulwarkError.self) { try ModelScanPolicy.load(json: Array(#"{"malformedVerdict": "maybe"}"#.utf8)) }
        let limited = try ModelScanPolicy.load(json: Array(#"{"safetensorsLimits": {"maxHeaderBytes": 1024}, "pickleLimits": {"maxLineBytes": 10}}"#.utf8))
        #expect(limited.safetensorsLimits.maxHeaderBytes == 1024)
        #expect(limited.safetensorsLimits.maxTensors == SafetensorsLimits().maxTensors)
        #expect(limited.pickleLimits.maxLineBytes == 10)
        #expect(limited.pickleLimits.maxMemoBytes == PickleScanLimits().maxMemoBytes)
    }

    @Test func previewsGoThroughTheInjectedPipeline() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/m.safetensors"
        try Fixtures.write(Fixtures.safetensors(tensors: sd1LoRA), to: path)
        let flagging = ModelScanner(previewScan: { preview in
            Decision(reasons: [Reason(code: "bank.match", verdict: .block, message: "preview matched", source: preview)])
        })
        let flagged = try await flagging.scan(path: path, previews: ["/p.png"])
        #expect(flagged.decision.verdict == .block)
        #expect(flagged.decision.reasons.first?.code == "model.preview.bank.match")
        #expect(flagged.hashes?.autoV3 != nil)
        let unconnected = try await ModelScanner().scan(path: path, previews: ["/p.png"])
        #expect(unconnected.decision.reasons.map(\.code) == ["model.preview.unscanned"])
        #expect(unconnected.decision.verdict == .review)
    }
}
