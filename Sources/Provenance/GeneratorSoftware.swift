/// Names of image generators and AI services as they appear in EXIF Software, XMP CreatorTool,
/// photoshop:Credit and similar fields.
enum GeneratorSoftware {
    /// (pattern to find, case-insensitive; display name).
    static let known: [(String, String)] = [
        ("novelai", "NovelAI"), ("midjourney", "Midjourney"), ("dall-e", "DALL-E"), ("dall·e", "DALL-E"), ("dalle", "DALL-E"),
        ("openai", "OpenAI"), ("chatgpt", "ChatGPT"), ("adobe firefly", "Adobe Firefly"), ("firefly", "Adobe Firefly"),
        ("stable diffusion", "Stable Diffusion"), ("stablediffusion", "Stable Diffusion"), ("sdxl", "Stable Diffusion"),
        ("comfyui", "ComfyUI"), ("automatic1111", "AUTOMATIC1111"), ("stable-diffusion-webui", "AUTOMATIC1111"),
        ("fooocus", "Fooocus"), ("invokeai", "InvokeAI"), ("swarmui", "SwarmUI"),
        ("made with google ai", "Google AI"), ("google ai", "Google AI"), ("imagen", "Google Imagen"), ("gemini", "Google Gemini"),
        ("leonardo.ai", "Leonardo.Ai"), ("ideogram", "Ideogram"), ("flux", "FLUX"), ("bing image creator", "Bing Image Creator"),
        ("microsoft designer", "Microsoft Designer"), ("meta ai", "Meta AI"), ("imagine with meta", "Meta AI"),
        ("grok", "Grok"), ("runway", "Runway"), ("nightcafe", "NightCafe"), ("craiyon", "Craiyon"), ("dreamstudio", "DreamStudio"),
        ("playground ai", "Playground AI"), ("draw things", "Draw Things"), ("diffusionbee", "DiffusionBee"),
        ("stability ai", "Stability AI"), ("tensor.art", "Tensor.Art"), ("civitai", "Civitai"), ("kling", "Kling"),
        ("sora", "Sora"), ("dreamina", "Dreamina"), ("seedream", "Seedream"), ("recraft", "Recraft"), ("krea", "Krea"),
    ]

    private static let patterns: [([UInt8], String)] = known.map { (Array($0.0.utf8), $0.1) }

    /// The generator a software string names, if it names one (whole words, ASCII case ignored).
    static func match(_ text: String) -> String? {
        var lowered = Array(text.utf8.prefix(4096))
        for index in lowered.indices where lowered[index] >= 0x41 && lowered[index] <= 0x5A { lowered[index] |= 0x20 }
        return lowered.withUnsafeBufferPointer { buffer in
            for (pattern, name) in patterns where containsWord(pattern, in: buffer) { return name }
            return nil
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// Whether `word` occurs in `text` with no ASCII letter or digit directly around it.
    private static func containsWord(_ word: [UInt8], in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = 0
        while let found = ByteSearch.firstIndex(of: word, in: text, from: from) {
            let end = found + word.count
            let boundaryBefore = found == 0 || !isWordByte(text[found - 1])
            let boundaryAfter = end == text.count || !isWordByte(text[end])
            if boundaryBefore && boundaryAfter { return true }
            from = found + 1
        }
        return false
    }
}
