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
    /// Model file scanner (training text through ``text``, no preview images on this route).
    public let models: ModelScanner

    public init(
        textEngine: TextSafetyEngine, sessions: SessionTracker, conversationPolicy: ConversationPolicy,
        modelPolicy: ModelScanPolicy = ModelScanPolicy()
    ) {
        self.textEngine = textEngine
        text = TextSafetyChecker(engine: textEngine)
        self.sessions = sessions
        conversations = ConversationChecker(engine: textEngine, policy: conversationPolicy)
        provenance = ProvenanceAnalysis(text: text)
        models = ModelScanEngines.scanner(policy: modelPolicy, text: text)
    }

    /// The engines with the bundled lexicons, rules and policies.
    public static func bundled() throws(BulwarkError) -> ContentEngines {
        ContentEngines(textEngine: try TextSafetyEngine.bundled(), sessions: SessionTracker(),
                       conversationPolicy: try ConversationPolicy.bundled())
    }
}
