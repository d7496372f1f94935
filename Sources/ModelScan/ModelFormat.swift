/// The container format of a model file, recognised by magic bytes first and extension second.
public enum ModelFormat: String, Sendable, Codable, Hashable {
    case safetensors
    case gguf
    /// A PyTorch zip archive (`torch.save` since 1.6) or another zip holding pickles.
    case pytorchZip = "pytorch_zip"
    /// Legacy `torch.save` (concatenated pickles followed by raw storages).
    case torchLegacy = "torch_legacy"
    /// A plain pickle stream.
    case pickle
    case unknown

    /// Whether loading this format in Python runs the pickle machinery.
    public var isPickleBased: Bool { self == .pytorchZip || self == .torchLegacy || self == .pickle }

    /// Extensions that are pickles or PyTorch files when the magic bytes do not say.
    static let pickleExtensions: Set<String> = ["ckpt", "pt", "pth", "bin", "pkl", "pickle", "joblib", "dat", "data"]

    /// Recognises the format from the first bytes (at least 16 when the file has them),
    /// the file size and the file name's extension.
    public static func sniff(prefix: [UInt8], fileSize: UInt64, fileName: String) -> ModelFormat {
        let ext = fileName.split(separator: "/").last?.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if prefix.starts(with: GGUFReader.magic) { return .gguf }
        if prefix.starts(with: ZipDirectory.localHeaderMagic) || prefix.starts(with: [0x50, 0x4b, 0x05, 0x06]) { return .pytorchZip }
        if SafetensorsReader.looksLikeSafetensors(prefix: prefix, fileSize: fileSize) { return .safetensors }
        if prefix.count >= 15, prefix[0] == 0x80, Array(prefix[2..<15]) == PickleFileScanner.legacyTorchMagic { return .torchLegacy }
        if PickleFileScanner.hasPickleMagic(prefix) { return .pickle }
        if ext == "safetensors" || ext == "sft" { return .safetensors }
        if ext == "gguf" { return .gguf }
        if pickleExtensions.contains(ext) { return .pickle }
        return .unknown
    }
}
