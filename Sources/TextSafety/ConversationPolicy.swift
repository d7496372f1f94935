import BulwarkCore
import Foundation

/// A helpline or service to show a person.
public struct SupportResource: Sendable, Hashable, Codable {
    public var name: String
    /// Phone number, text number or web address.
    public var contact: String
    /// The message to show with it.
    public var message: String

    public init(name: String, contact: String, message: String) {
        self.name = name
        self.contact = contact
        self.message = message
    }
}

/// What each deployment answers, per language: support resources for self-harm statements and
/// the deterrence message (a Stop It Now-style helpline) for requests seeking abuse material.
public struct ConversationPolicy: Sendable, Hashable, Codable {
    /// One deployment's answers, keyed by ISO 639-1 language.
    public struct Deployment: Sendable, Hashable, Codable {
        public var supportResources: [String: [SupportResource]]
        public var deterrence: [String: SupportResource]

        public init(supportResources: [String: [SupportResource]], deterrence: [String: SupportResource]) {
            self.supportResources = supportResources
            self.deterrence = deterrence
        }
    }

    public var deployments: [String: Deployment]
    /// The deployment used when a conversation names none (or an unknown one).
    public var defaultDeployment: String
    /// The language used when a deployment has nothing in the conversation's language.
    public var defaultLanguage: String
    /// The most messages in one conversation.
    public var maximumMessages: Int
    /// The most UTF-8 bytes in one conversation, all messages together.
    public var maximumTotalBytes: Int

    public init(deployments: [String: Deployment], defaultDeployment: String = "default", defaultLanguage: String = "en",
                maximumMessages: Int = 1_000, maximumTotalBytes: Int = 4 << 20) {
        self.deployments = deployments
        self.defaultDeployment = defaultDeployment
        self.defaultLanguage = defaultLanguage
        self.maximumMessages = maximumMessages
        self.maximumTotalBytes = maximumTotalBytes
    }

    /// The bundled example policy (`Resources/conversation.json`). Deployments should replace
    /// its contacts with the services they have verified for their users.
    public static func bundled() throws(BulwarkError) -> ConversationPolicy {
        try load(from: try TextSafetyResources.bundledDirectory().appendingPathComponent("conversation.json"))
    }

    /// Loads a policy from a JSON file.
    public static func load(from url: URL) throws(BulwarkError) -> ConversationPolicy {
        let data = try TextSafetyResources.readData(url)
        do {
            let policy = try JSONDecoder().decode(ConversationPolicy.self, from: data)
            guard policy.deployments[policy.defaultDeployment] != nil else {
                throw BulwarkError.invalidInput(what: "conversation policy", where: url.lastPathComponent,
                                                reason: "default deployment \"\(policy.defaultDeployment)\" is not defined")
            }
            return policy
        } catch let error as BulwarkError {
            throw error
        } catch {
            throw .invalidInput(what: "conversation policy", where: url.lastPathComponent, reason: "\(error)")
        }
    }

    /// The deployment for a name, falling back to the default one.
    func deployment(_ name: String?) -> Deployment? {
        name.flatMap { deployments[$0] } ?? deployments[defaultDeployment]
    }
}
