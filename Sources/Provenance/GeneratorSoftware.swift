/// Names of image generators and AI services as they appear in EXIF Software, XMP CreatorTool,
/// photoshop:Credit and similar fields.
enum GeneratorSoftware {
    /// (pattern to find, case-insensitive; display name).
    static let known: [(String, String)] = [
        ("novelai", "NovelAI"), ("midjourney", "Midjourney"), ("dall-e", "DALL-E"), ("dall·e", "DALL-E"), ("dalle", "DALL-E"),
        ("openai", "OpenAI"), ("chatgpt", "ChatGPT"), ("adobe firefly", "Adobe Firefly"), ("firefly", "Adobe Firefly"),
        ("stable diffusion", "Stable Diffusion"), ("stablediffusion", "Stable Diffusion"), ("sdxl", "Stable Diffusion"),
        ("comfyui", "ComfyUI"), ("automatic1111", "AUTOMATIC1111"), ("stable-diffusion-webui", "AUTOMATIC1111"),
        ("forge", "Forge"), ("fooocus", "Fooocus"), ("invokeai", "InvokeAI"), ("swarmui", "SwarmUI"),
        ("made with google ai", "Google AI"), ("google ai", "Google AI"), ("imagen", "Google Imagen"), ("gemini", "Google Gemini"),
        ("leonardo.ai", "Leonardo.Ai"), ("ideogram", "Ideogram"), ("flux", "FLUX"), ("bing image creator", "Bing Image Creator"),
        ("microsoft designer", "Microsoft Designer"), ("meta ai", "Meta AI"), ("imagine with meta", "Meta AI"),
        ("grok", "Grok"), ("runway", "Runway"), ("nightcafe", "NightCafe"), ("craiyon", "Craiyon"), ("dreamstudio", "DreamStudio"),
        ("playground ai", "Playground AI"), ("draw things", "Draw Things"), ("diffusionbee", "DiffusionBee"),
        ("stability ai", "Stability AI"), ("tensor.art", "Tensor.Art"), ("civitai", "Civitai"), ("kling", "Kling"),
        ("sora", "Sora"), ("dreamina", "Dreamina"), ("seedream", "Seedream"), ("recraft", "Recraft"), ("krea", "Krea"),
    ]

    /// The generator a software string names, if it names one.
    static func match(_ text: String) -> String? {
        let lowered = text.lowercased()
        for (pattern, name) in known where contains(word: pattern, in: lowered) { return name }
        return nil
    }

    /// Whether `word` occurs in `text` with no letters or digits directly around it.
    private static func contains(word: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let range = text.range(of: word, range: searchRange) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let boundaryBefore = before.map { !$0.isLetter && !$0.isNumber } ?? true
            let boundaryAfter = after.map { !$0.isLetter && !$0.isNumber } ?? true
            if boundaryBefore && boundaryAfter { return true }
            searchRange = range.upperBound..<text.endIndex
        }
        return false
    }
}
