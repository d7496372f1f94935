import BulwarkCore

/// A chatbot conversation to check as a whole.
public struct Conversation: Sendable, Hashable, Codable {
    /// Who wrote a message.
    public enum Role: String, Sendable, Hashable, Codable {
        case user, assistant, system
    }

    /// One message.
    public struct Message: Sendable, Hashable, Codable {
        public var role: Role
        public var text: String

        public init(role: Role, text: String) {
            self.role = role
            self.text = text
        }
    }

    public var messages: [Message]
    /// The conversation's language (ISO 639-1); when absent it is guessed from the lexicon
    /// matches in the user's messages, then the deployment default.
    public var language: String?
    /// The deployment whose support resources and deterrence messages apply; default when absent.
    public var deployment: String?

    public init(messages: [Message], language: String? = nil, deployment: String? = nil) {
        self.messages = messages
        self.language = language
        self.deployment = deployment
    }
}
