import BulwarkCore

/// The outcome of checking a whole conversation.
public struct ConversationResult: Sendable, Hashable, Codable {
    /// What was found in one message.
    public struct MessageFinding: Sendable, Hashable, Codable {
        public var index: Int
        public var role: Conversation.Role
        public var verdict: Verdict
        public var ruleIDs: [String]
        public var categories: [TextCategory]
        public var matches: [TextMatch]
    }

    /// The conversation's decision: every message's reasons plus the conversation rules'.
    public var decision: Decision
    /// Whether a user message says the user is a minor.
    public var userIsMinor: Bool
    /// The language the answers were chosen for.
    public var language: String
    /// The deployment whose answers apply.
    public var deployment: String
    /// Messages with findings (messages with nothing found are left out).
    public var messages: [MessageFinding]
    /// Support resources to show, when the user made a self-harm statement.
    public var supportResources: [SupportResource]
    /// The deterrence message to show, when the user sought abuse material.
    public var deterrence: SupportResource?

    public var verdict: Verdict { decision.verdict }
}
