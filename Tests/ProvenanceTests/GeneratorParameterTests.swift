import Foundation
import BulwarkCore
import Testing
@testable import Provenance

@Suite struct GeneratorParameterTests {
    let reader = ProvenanceReader()

    @Test func automatic1111Parameters() throws {
        let text = """
            a lighthouse at dusk, <lora:seaStyle:0.6>
            second line
            Negative prompt: blurry
            Steps: 25, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 4294967296, Size: 512x768, Model hash: 6ce0161689, Model: v1-5, Lora hashes: "seaStyle: 0123456789ab, other: abcdefabcd", TI hashes: "neg: 1234567890", Hashes: {"model": "\(String(repeating: "ab", count: 32))"}, Version: f2.0.1v1.10.1
            """
        let report = reader.read(Fixtures.png([Fixtures.tEXt("parameters", text)]))
        let generation = try #require(report.generations.first)
        #expect(generation.generator == "Forge")
        #expect(generation.prompt == "a lighthouse at dusk, <lora:seaStyle:0.6>\nsecond line")
        #expect(generation.negativePrompt == "blurry")
        #expect(generation.steps == 25)
        #expect(generation.sampler == "DPM++ 2M")
        #expect(generation.scheduler == "Karras")
        #expect(generation.cfgScale == 6.5)
        #expect(generation.seed == 4_294_967_296)
        #expect(generation.width == 512 && generation.height == 768)
        #expect(generation.checkpoint?.name == "v1-5")
        #expect(generation.checkpoint?.hash == String(repeating: "ab", count: 32))
        let lora = try #require(generation.models.first { $0.name == "seaStyle" })
        #expect(lora.kind == .lora && lora.weight == 0.6 && lora.hash == "0123456789ab")
        #expect(generation.models.contains { $0.kind == .embedding && $0.name == "neg" && $0.hash == "1234567890" })
        #expect(report.modelSignals.contains(Signal(type: .modelSHA256, value: String(repeating: "ab", count: 32))))
        #expect(report.modelSignals.contains(Signal(type: .modelAutoV2, value: "abcdefabcd")))
        #expect(report.modelSignals.contains(Signal(type: .modelAutoV2, value: "1234567890")))
        #expect(!report.modelSignals.contains { $0.value == "0123456789ab" })  // AutoV3 is not an AutoV2 signal
        #expect(report.aiEvidence == .strong)
        #expect(report.prompts.count == 1)
    }

    @Test func settingsLineQuotedValues() {
        let pairs = A1111Parameters.parseSettings(#"Steps: 1, Note: "a, \"b\"", Size: 1x2"#[...])
        #expect(pairs.map(\.0) == ["Steps", "Note", "Size"])
        #expect(pairs[1].1 == #"a, "b""#)
    }

    @Test func a1111InJPEGUserComment() {
        let text = "a small boat\nSteps: 10, Sampler: Euler, Seed: 7, Model: base"
        let comment = Array("UNICODE\0".utf8) + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
        let tiff = Fixtures.tiff(littleEndian: true, ifd0: [], exifIFD: [Fixtures.undefined(0x9286, comment)])
        let report = reader.read(Fixtures.jpeg([Fixtures.jpegExif(tiff)]))
        #expect(report.generations.first?.generator == "AUTOMATIC1111")
        #expect(report.prompts == ["a small boat"])
        #expect(report.seed == 7)
    }

    static let comfyPrompt = """
        {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "base.safetensors"}},
         "2": {"class_type": "LoraLoader", "inputs": {"lora_name": "a.safetensors", "strength_model": 0.5, "model": ["1", 0], "clip": ["1", 1]}},
         "3": {"class_type": "LoraLoader", "inputs": {"lora_name": "b.safetensors", "strength_model": 1.0, "model": ["2", 0], "clip": ["2", 1]}},
         "9": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "unused.safetensors"}},
         "4": {"class_type": "PrimitiveNode", "inputs": {"value": "a glass teapot"}},
         "5": {"class_type": "CLIPTextEncode", "inputs": {"text": ["4", 0], "clip": ["3", 1]}},
         "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "dark", "clip": ["3", 1]}},
         "7": {"class_type": "ControlNetApplyAdvanced", "inputs": {"positive": ["5", 0], "negative": ["6", 0], "strength": 1}},
         "8": {"class_type": "EmptyLatentImage", "inputs": {"width": 832, "height": 1216}},
         "10": {"class_type": "KSampler", "inputs": {"seed": 18446744073709551615, "steps": 12, "cfg": 4, "sampler_name": "euler", "scheduler": "normal",
                "denoise": 1, "model": ["3", 0], "positive": ["7", 0], "negative": ["7", 1], "latent_image": ["8", 0]}}}
        """

    @Test func comfyUIGraphIsFollowed() throws {
        let report = reader.read(Fixtures.png([Fixtures.tEXt("prompt", Self.comfyPrompt)]))
        let generation = try #require(report.generations.first)
        #expect(generation.generator == "ComfyUI")
        #expect(generation.prompt == "a glass teapot")
        #expect(generation.negativePrompt == "dark")
        #expect(generation.seed == UInt64.max)
        #expect(generation.steps == 12 && generation.cfgScale == 4 && generation.sampler == "euler" && generation.scheduler == "normal")
        #expect(generation.width == 832 && generation.height == 1216)
        #expect(generation.models.filter { $0.kind == .lora }.map(\.name) == ["b.safetensors", "a.safetensors"])
        #expect(generation.checkpoint?.name == "base.safetensors")
        #expect(!generation.models.contains { $0.name == "unused.safetensors" })  // not connected: not reported
    }

    @Test func comfyUIWorkflowOnly() throws {
        let workflow = """
            {"nodes": [
              {"id": 1, "type": "CheckpointLoaderSimple", "inputs": [], "widgets_values": ["wf.safetensors"]},
              {"id": 2, "type": "CLIPTextEncode", "inputs": [{"name": "clip", "link": 1}], "widgets_values": ["a kite"]},
              {"id": 3, "type": "CLIPTextEncode", "inputs": [{"name": "clip", "link": 2}], "widgets_values": ["rain"]},
              {"id": 4, "type": "KSampler", "inputs": [{"name": "model", "link": 3}, {"name": "positive", "link": 4}, {"name": "negative", "link": 5}],
               "widgets_values": [99, "fixed", 8, 3.5, "dpmpp_2m", "karras", 1]}],
             "links": [[1, 1, 1, 2, 0, "CLIP"], [2, 1, 1, 3, 0, "CLIP"], [3, 1, 0, 4, 0, "MODEL"], [4, 2, 0, 4, 1, "CONDITIONING"], [5, 3, 0, 4, 2, "CONDITIONING"]]}
            """
        let report = reader.read(Fixtures.png([Fixtures.tEXt("workflow", workflow)]))
        let generation = try #require(report.generations.first)
        #expect(generation.prompt == "a kite" && generation.negativePrompt == "rain")
        #expect(generation.seed == 99 && generation.steps == 8 && generation.cfgScale == 3.5 && generation.sampler == "dpmpp_2m")
        #expect(generation.checkpoint?.name == "wf.safetensors")
    }

    @Test func invokeAIFormats() throws {
        let modern = #"{"positive_prompt": "a tulip field", "negative_prompt": "fog", "seed": 5, "steps": 30, "cfg_scale": 7.5, "scheduler": "euler", "width": 512, "height": 512, "model": {"name": "sdxl", "hash": "\#(String(repeating: "c", count: 64))"}, "loras": [{"model": {"name": "style"}, "weight": 0.75}], "app_version": "4.2.0"}"#
        let legacy = #"{"model_weights": "sd-1.5", "model_hash": "abc", "app_version": "2.3.0", "image": {"prompt": [{"prompt": "a red door [graffiti]", "weight": 1}], "seed": 9, "steps": 20, "cfg_scale": 7, "sampler": "k_lms", "width": 512, "height": 512}}"#
        let modernReport = reader.read(Fixtures.png([Fixtures.iTXt("invokeai_metadata", modern)]))
        let first = try #require(modernReport.generations.first)
        #expect(first.generator == "InvokeAI" && first.prompt == "a tulip field" && first.seed == 5)
        #expect(first.models.contains { $0.kind == .lora && $0.name == "style" && $0.weight == 0.75 })
        #expect(modernReport.modelSignals == [Signal(type: .modelSHA256, value: String(repeating: "c", count: 64))])
        let legacyReport = reader.read(Fixtures.png([Fixtures.tEXt("sd-metadata", legacy)]))
        #expect(legacyReport.generations.first?.prompt == "a red door")
        #expect(legacyReport.generations.first?.negativePrompt == "graffiti")
        let dream = reader.read(Fixtures.png([Fixtures.tEXt("Dream", #""a blue vase [dust]" -s 50 -S 12345 -W 512 -H 640 -C 7.5 -A k_lms"#)]))
        #expect(dream.generations.first?.seed == 12345 && dream.generations.first?.height == 640 && dream.generations.first?.negativePrompt == "dust")
    }

    @Test func novelAIFooocusSwarmUI() throws {
        let novel = reader.read(Fixtures.png([
            Fixtures.tEXt("Software", "NovelAI"), Fixtures.tEXt("Source", "Stable Diffusion XL C1E1DE52"),
            Fixtures.tEXt("Comment", #"{"prompt": "a windmill", "uc": "lowres", "steps": 28, "scale": 5, "seed": 77, "sampler": "k_euler"}"#),
        ]))
        #expect(novel.generations.first?.generator == "NovelAI")
        #expect(novel.generations.first?.checkpoint == ModelReference(kind: .checkpoint, name: "Stable Diffusion XL", hash: "c1e1de52"))
        #expect(novel.aiSignals.contains { $0.source == .softwareName && $0.value == "NovelAI" })

        let fooocus = reader.read(Fixtures.png([Fixtures.tEXt("parameters", #"{"prompt": "a canyon", "negative_prompt": "", "base_model": "juggernaut.safetensors", "base_model_hash": "0123456789", "loras": [["detail.safetensors", 0.5, "abcdef0123"]], "seed": "123", "steps": 30, "guidance_scale": 4, "sampler": "dpmpp_2m_sde_gpu", "resolution": "(1152, 896)", "version": "Fooocus v2.5.5", "metadata_scheme": "fooocus"}"#)]))
        let f = try #require(fooocus.generations.first)
        #expect(f.generator == "Fooocus" && f.prompt == "a canyon" && f.seed == 123 && f.width == 1152 && f.height == 896)
        #expect(fooocus.modelSignals.map(\.value).sorted() == ["0123456789", "abcdef0123"])

        let swarm = reader.read(Fixtures.png([Fixtures.tEXt("parameters", #"{"sui_image_params": {"prompt": "a mossy rock", "negativeprompt": "snow", "model": "flux1-dev", "seed": 4, "steps": 20, "cfgscale": 1, "loras": ["l1"], "loraweights": ["0.9"], "swarm_version": "0.9.5"}}"#)]))
        let s = try #require(swarm.generations.first)
        #expect(s.generator == "SwarmUI" && s.prompt == "a mossy rock" && s.negativePrompt == "snow" && s.models.count == 2)
        #expect(s.models.last?.weight == 0.9)
    }

    @Test func softwareNameOnlyIsModerateAndAbsenceIsUnknown() {
        let tiff = Fixtures.tiff(littleEndian: true, ifd0: [Fixtures.ascii(0x0131, "Midjourney v6")])
        let report = reader.read(Fixtures.jpeg([Fixtures.jpegExif(tiff)]))
        #expect(report.aiEvidence == .moderate)
        #expect(report.generator == "Midjourney")
        let camera = reader.read(Fixtures.jpeg([Fixtures.jpegExif(Fixtures.tiff(littleEndian: true, ifd0: [Fixtures.ascii(0x0131, "Camera Firmware 1.0")]))]))
        #expect(camera.aiEvidence == .none)
        #expect(camera.aiSignals.isEmpty)
        #expect(GeneratorSoftware.match("Transformers.app") == nil)  // word boundaries, not substrings
    }

    @Test func iptcDigitalSourceTypeIsDeclared() {
        let xmp = Fixtures.xmp("<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>")
        let report = reader.read(Fixtures.jpeg([Fixtures.jpegXMP(xmp)]))
        #expect(report.aiEvidence == .declared)
        #expect(report.aiSignals.first?.source == .iptcDigitalSourceType)
        let capture = reader.read(Fixtures.jpeg([Fixtures.jpegXMP(Fixtures.xmp("<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture</Iptc4xmpExt:DigitalSourceType>"))]))
        #expect(capture.aiEvidence == .none)
        #expect(capture.digitalSourceType?.hasSuffix("digitalCapture") == true)
    }
}

@Suite struct MoreGeneratorTests {
    @Test func midjourneyDescription() throws {
        let report = ProvenanceReader().read(Fixtures.png([
            Fixtures.tEXt("Description", "a harbour at noon --ar 3:2 --seed 42 --v 6.1 Job ID: 0a1b2c3d-0000-1111-2222-333344445555"),
            Fixtures.tEXt("Author", "someone"),
        ]))
        let generation = try #require(report.generations.first)
        #expect(generation.generator == "Midjourney")
        #expect(generation.prompt == "a harbour at noon")
        #expect(generation.seed == 42)
        #expect(generation.version == "v 6.1")
        #expect(generation.settings.contains { $0.key == "ar" && $0.value == "3:2" })
    }

    @Test func imageMagickRawProfiles() throws {
        let tiff = Fixtures.tiff(littleEndian: true, ifd0: [Fixtures.ascii(0x0131, "NovelAI")])
        let exifHex = Array("Exif\0\0".utf8) + tiff
        let hex = exifHex.map { String(format: "%02x", $0) }.joined()
        let lines = stride(from: 0, to: hex.count, by: 72).map { start -> String in
            let from = hex.index(hex.startIndex, offsetBy: start)
            return String(hex[from..<hex.index(from, offsetBy: min(72, hex.count - start))])
        }
        let profile = "\nexif\n     \(exifHex.count)\n" + lines.joined(separator: "\n") + "\n"
        let report = ProvenanceReader().read(Fixtures.png([Fixtures.zTXt("Raw profile type exif", Array(profile.utf8))]))
        #expect(report.exif?.software == "NovelAI")
        #expect(PNGMetadataReader.rawProfile("\nexif\n  99\n00") == nil)
    }
}
