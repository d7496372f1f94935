import BulwarkCore
import ModelScan
import Pipeline
import TextSafety

/// The content checks behind `/v1/text/check`, `/v1/conversation/check`, `/v1/provenance`,
/// `/v1/match/upload` and `/v1/models/scan`, built once at startup and shared by every
/// request. The session tracker remembers users' recent flagged attempts across requests.
public struct ContentEngines: Sendable {
    /// The text-safety engine (also reached through ``text``).
    public let textEngine: TextSafetyEngine
    /// The engine as Pipeline's checker (prompts, training text).
    public let text: TextSafetyChecker
    /// Per-user attempt history for `/v1/text/check` calls that name a user.
    public let sessions: SessionTracker
    /// Whole-conversation checks.
    public let conversations: ConversationChecker
    /// File provenance plus the text checks of the prompts it carries.
    public let provenance: ProvenanceAnalysis
    /// Model file scanner: training text through ``text``, model hashes against the model banks,
    /// preview images through the image pipeline.
    public let models: ModelScanner

    /// With a `matcher`, model and LoRA hashes (in model files and in image metadata) are
    /// looked up in the model banks, and preview images are matched against the banks.
    public init(
        textEngine: TextSafetyEngine, sessions: SessionTracker, conversationPolicy: ConversationPolicy,
        modelPolicy: ModelScanPolicy = ModelScanPolicy(), matcher: MatchService? = nil
    ) {
        self.textEngine = textEngine
        text = TextSafetyChecker(engine: textEngine)
        self.sessions = sessions
        conversations = ConversationChecker(engine: textEngine, policy: conversationPolicy)
        let modelBanks = matcher.map(ModelBankLookup.init(service:))
        provenance = ProvenanceAnalysis(text: text, modelBanks: modelBanks)
        var imageMatcher: ImageScan.SignalMatcher?
        if let matcher {
            imageMatcher = { @Sendable (signals: [Signal]) async throws -> Decision in
                let queries = signals.map { SignalQuery(signal: $0) }
                return try await matcher.match(queries).decision
            }
        }
        models = ModelScanEngines.scanner(policy: modelPolicy, text: text, bankMatcher: modelBanks, imageMatcher: imageMatcher)
    }

    /// The engines with the bundled lexicons, rules and policies, matching against `matcher`.
    public static func bundled(matcher: MatchService? = nil) throws(BulwarkError) -> ContentEngines {
        ContentEngines(textEngine: try TextSafetyEngine.bundled(), sessions: SessionTracker(),
                       conversationPolicy: try ConversationPolicy.bundled(), matcher: matcher)
    }
}
