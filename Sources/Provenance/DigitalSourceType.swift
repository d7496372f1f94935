import BulwarkCore

/// The IPTC Digital Source Type vocabulary (http://cv.iptc.org/newscodes/digitalsourcetype/),
/// with what each term says about generative AI.
public enum DigitalSourceType: String, Sendable, Hashable, Codable, CaseIterable {
    case digitalCapture, computationalCapture, negativeFilm, positiveFilm, print
    case humanEdits, minorHumanEdits, compositeCapture, algorithmicallyEnhanced
    case digitalCreation, digitalArt, dataDrivenMedia, softwareImage
    case trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia
    case algorithmicMedia, compositeSynthetic, composite, screenCapture, virtualRecording

    /// What a term says about how the media were made.
    public enum AIClass: String, Sendable, Hashable, Codable {
        /// Made by a model trained on sampled content (generative AI).
        case generativeAI
        /// A composite that includes generative-AI elements.
        case partlyGenerativeAI
        /// Made by an algorithm without training data, or a composite with such synthetic parts.
        case synthetic
        /// Captured or made by people; says nothing about AI use.
        case notAI
    }

    /// The IPTC term URI prefix.
    public static let vocabularyURI = "http://cv.iptc.org/newscodes/digitalsourcetype/"

    /// The term named by a full URI (`http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`)
    /// or its bare code, or `nil` for terms outside the vocabulary.
    public init?(term: String) {
        let trimmed = term.trimmingWhitespace()
        let code = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
        guard let value = DigitalSourceType(rawValue: code) else { return nil }
        self = value
    }

    public var aiClass: AIClass {
        switch self {
        case .trainedAlgorithmicMedia: return .generativeAI
        case .compositeWithTrainedAlgorithmicMedia: return .partlyGenerativeAI
        case .algorithmicMedia, .compositeSynthetic: return .synthetic
        default: return .notAI
        }
    }
}
