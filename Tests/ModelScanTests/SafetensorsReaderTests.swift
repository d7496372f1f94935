import BulwarkCore
import Testing
@testable import ModelScan

@Suite("safetensors header")
struct SafetensorsReaderTests {
    @Test func readsInventoryAndMetadata() throws {
        let bytes = Fixtures.safetensors(tensors: [("a.weight", "F16", [2, 3]), ("b", "F32", [4])], metadata: ["ss_output_name": "x"])
        let header = try SafetensorsReader.read(from: MemoryByteSource(bytes))
        #expect(header.tensors.map(\.name) == ["a.weight", "b"])
        #expect(header.tensors[0].shape == [2, 3])
        #expect(header.tensors[0].dtype == .f16)
        #expect(header.tensors[1].dataStart == 12 && header.tensors[1].dataEnd == 28)
        #expect(header.metadataValue("ss_output_name") == "x")
        #expect(header.findings.isEmpty)
    }

    @Test func headerLengthPastEndOfFile() {
        var bytes = Fixtures.littleEndian(1000)
        bytes += Array("{}".utf8)
        #expect {
            try SafetensorsReader.read(from: MemoryByteSource(bytes))
        } throws: { error in
            "\(error)".contains("declares 1000 bytes but only 2 follow")
        }
    }

    @Test func headerLengthOverCap() {
        var limits = SafetensorsLimits()
        limits.maxHeaderBytes = 16
        let bytes = Fixtures.safetensors(header: "{\"__metadata__\":{\"k\":\"a long value here\"}}", dataSize: 0)
        #expect {
            try SafetensorsReader.read(from: MemoryByteSource(bytes), limits: limits)
        } throws: { error in
            guard case BulwarkError.limitExceeded = error else { return false }
            return "\(error)".contains("bytes 0-7")
        }
    }

    @Test func hugeLengthFieldIsOverCapNotACrash() {
        let bytes = [UInt8](repeating: 0xff, count: 8) + Array("{}".utf8)
        #expect(throws: BulwarkError.self) { try SafetensorsReader.read(from: MemoryByteSource(bytes)) }
    }

    @Test func fileShorterThanLengthField() {
        #expect {
            try SafetensorsReader.read(from: MemoryByteSource([1, 2, 3]))
        } throws: { error in "\(error)".contains("file ends after 3") }
    }

    @Test func invalidUTF8InHeader() {
        var header = Array("{\"__metadata__\":{\"k\":\"".utf8)
        header += [0xc3, 0x28]
        header += Array("\"}}".utf8)
        let bytes = Fixtures.safetensors(headerBytes: header, dataSize: 0)
        #expect {
            try SafetensorsReader.read(from: MemoryByteSource(bytes))
        } throws: { error in "\(error)".contains("invalid UTF-8") && "\(error)".contains("byte 29") }
    }

    @Test func invalidJSON() {
        let bytes = Fixtures.safetensors(header: "{\"a\": {\"dtype\": \"F16\",}}", dataSize: 0)
        #expect {
            try SafetensorsReader.read(from: MemoryByteSource(bytes))
        } throws: { error in "\(error)".contains("expected a string key") }
    }

    @Test func duplicateTensorNames() {
        let entry = "{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}"
        let bytes = Fixtures.safetensors(header: "{\"t\":\(entry),\"t\":\(entry)}", dataSize: 1)
        #expect {
            try SafetensorsReader.read(from: MemoryByteSource(bytes))
        } throws: { error in "\(error)".contains("duplicate key \"t\"") }
    }

    @Test func overlappingTensors() throws {
        let header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[2,6]}}"
        let result = try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(header: header, dataSize: 6)))
        #expect(result.findings.contains { $0.code == "safetensors.overlap" && $0.location == "tensor \"b\"" })
    }

    @Test func outOfBoundsTensor() throws {
        let header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}"
        let result = try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(header: header, dataSize: 8)))
        #expect(result.findings.contains { $0.code == "safetensors.out-of-bounds" })
    }

    @Test func sizeDisagreesWithShape() throws {
        let header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}"
        let result = try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(header: header, dataSize: 8)))
        #expect(result.findings.contains { $0.code == "safetensors.tensor-entry" && $0.message.contains("needs 16") })
    }

    @Test func overflowingShapeIsAFinding() throws {
        let header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}"
        let result = try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(header: header, dataSize: 8)))
        #expect(result.findings.contains { $0.message.contains("overflows") })
    }

    @Test func unreferencedBytesAreReported() throws {
        let header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}"
        let result = try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(header: header, dataSize: 10)))
        #expect(result.findings.contains { $0.code == "safetensors.unreferenced-bytes" && $0.message.hasPrefix("8 bytes") })
    }

    @Test func unknownDtypeAndBadFields() throws {
        let header = "{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]},\"b\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[1,2]},\"c\":[1]}"
        let result = try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(header: header, dataSize: 2)))
        #expect(result.findings.filter { $0.code == "safetensors.tensor-entry" }.count == 3)
    }

    @Test func metadataValuesMustBeStrings() {
        let bytes = Fixtures.safetensors(header: "{\"__metadata__\":{\"n\":3}}", dataSize: 0)
        #expect {
            try SafetensorsReader.read(from: MemoryByteSource(bytes))
        } throws: { error in "\(error)".contains("metadata values must be strings") }
    }

    @Test func headerMustBeAnObject() {
        #expect(throws: BulwarkError.self) {
            try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(header: "[1,2]   ", dataSize: 0)))
        }
    }

    @Test func trainingMetadataWithEmbeddedJSON() throws {
        let metadata = [
            "ss_tag_frequency": "{\"10_folder a\": {\"tag one\": 10, \"tag two\": 3}, \"5_folder b\": {\"tag one\": 2}}",
            "ss_dataset_dirs": "{\"10_folder a\": {\"n_repeats\": 10, \"img_count\": 10}}",
            "ss_num_train_images": "12",
            "ss_output_name": "out",
            "ss_network_dim": "16",
            "modelspec.architecture": "stable-diffusion-xl-v1-base/lora",
            "ss_seed": "42",
        ]
        let header = try SafetensorsReader.read(from: MemoryByteSource(Fixtures.safetensors(tensors: [("x", "U8", [1])], metadata: metadata)))
        let training = TrainingMetadata(metadata: header.metadata)
        #expect(training.tagTotals.first?.tag == "tag one")
        #expect(training.tagTotals.first?.count == 12)
        #expect(training.datasetDirectories == ["10_folder a"])
        #expect(training.trainImageCount == 12)
        #expect(training.networkDim == "16")
        #expect(training.modelSpec["architecture"] == "stable-diffusion-xl-v1-base/lora")
        #expect(training.otherTrainingKeys["ss_seed"] == "42")
        #expect(training.findings.isEmpty)
    }

    @Test func brokenEmbeddedJSONIsAFinding() {
        let training = TrainingMetadata(metadata: [("ss_tag_frequency", "{\"a\": {\"b\": 1}")])
        #expect(training.findings.first?.code == "metadata.embedded-json")
        #expect(training.findings.first?.location == "ss_tag_frequency")
    }
}
