import Testing
@testable import ModelScan

@Suite("architecture")
struct ArchitectureDetectorTests {
    func tensor(_ name: String, _ shape: [UInt64]) -> TensorInfo {
        TensorInfo(name: name, dtype: .f16, shape: shape, dataStart: 0, dataEnd: 0)
    }

    @Test func sd1LoRAFromShapes() {
        let a = ArchitectureDetector.detect(tensors: [
            tensor("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight", [4, 768]),
            tensor("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight", [320, 4]),
        ], training: TrainingMetadata())
        #expect(a.kind == .lora)
        #expect(a.family == .sd1)
    }

    @Test func sdxlLoRAFromSecondTextEncoder() {
        let a = ArchitectureDetector.detect(tensors: [tensor("lora_te2_text_model_encoder_layers_0_mlp_fc1.lora_down.weight", [8, 1280])], training: TrainingMetadata())
        #expect(a.kind == .lora)
        #expect(a.family == .sdxl)
    }

    @Test func peftLoRAWithLoraA() {
        let a = ArchitectureDetector.detect(tensors: [tensor("unet.down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.lora_A.weight", [16, 2048])], training: TrainingMetadata())
        #expect(a.kind == .lora)
        #expect(a.family == .sdxl)
    }

    @Test func lycorisLoHa() {
        let a = ArchitectureDetector.detect(tensors: [tensor("lora_unet_mid_block_attentions_0_transformer_blocks_0_attn2_to_k.hada_w1_b", [8, 1024])], training: TrainingMetadata())
        #expect(a.kind == .lycoris)
        #expect(a.family == .sd2)
    }

    @Test func fluxAndSD3Checkpoints() {
        #expect(ArchitectureDetector.detect(tensors: [tensor("double_blocks.0.img_attn.qkv.weight", [9216, 3072])], training: TrainingMetadata()).family == .flux)
        let sd3 = ArchitectureDetector.detect(tensors: [tensor("model.diffusion_model.joint_blocks.0.x_block.attn.qkv.weight", [4608, 1536])], training: TrainingMetadata())
        #expect(sd3.kind == .checkpoint)
        #expect(sd3.family == .sd3)
    }

    @Test func sdxlCheckpoint() {
        let a = ArchitectureDetector.detect(tensors: [
            tensor("model.diffusion_model.input_blocks.4.1.transformer_blocks.0.attn2.to_k.weight", [640, 2048]),
            tensor("conditioner.embedders.1.model.ln_final.weight", [1280]),
        ], training: TrainingMetadata())
        #expect(a.kind == .checkpoint)
        #expect(a.family == .sdxl)
    }

    @Test func textualInversion() {
        #expect(ArchitectureDetector.detect(tensors: [tensor("emb_params", [4, 768])], training: TrainingMetadata()) == ModelArchitecture(kind: .textualInversion, family: .sd1, evidence: ["embedding tensor emb_params", "emb_params vectors are 768-dim"]))
        let xl = ArchitectureDetector.detect(tensors: [tensor("clip_l", [2, 768]), tensor("clip_g", [2, 1280])], training: TrainingMetadata())
        #expect(xl.kind == .textualInversion && xl.family == .sdxl)
    }

    @Test func metadataIsTheFallbackAndMismatchIsKept() {
        let training = TrainingMetadata(metadata: [("ss_base_model_version", "sd_v1")])
        let fallback = ArchitectureDetector.detect(tensors: [tensor("lora_unet_x.lora_down.weight", [4, 320])], training: training)
        #expect(fallback.family == .sd1)
        let claimXL = TrainingMetadata(metadata: [("modelspec.architecture", "stable-diffusion-xl-v1-base/lora")])
        let mismatch = ArchitectureDetector.detect(tensors: [tensor("lora_unet_a_attn2_to_k.lora_down.weight", [4, 768])], training: claimXL)
        #expect(mismatch.family == .sd1)
        #expect(mismatch.claimedFamily == .sdxl)
    }
}
