import BulwarkCore

/// Checks a chatbot conversation as a whole.
///
/// Conversation rules, on top of every message's own rules:
/// - `CV-001` a user who says they are a minor, plus sexual content from either side: block.
/// - `CV-002` a user who says they are a minor, plus a request for secrecy: review.
/// - self-harm statements by the user return the deployment's support resources;
/// - requests seeking abuse material return the deployment's deterrence message.
public struct ConversationChecker: Sendable {
    public let engine: TextSafetyEngine
    public let policy: ConversationPolicy

    public init(engine: TextSafetyEngine, policy: ConversationPolicy) {
        self.engine = engine
        self.policy = policy
    }

    /// Checks every message, then the conversation rules. Throws when the conversation is over
    /// the policy's limits or a message is over the engine's limit (naming the message index).
    public func check(_ conversation: Conversation) throws(BulwarkError) -> ConversationResult {
        guard conversation.messages.count <= policy.maximumMessages else {
            throw .limitExceeded(what: "conversation messages", limit: String(policy.maximumMessages),
                                 actual: String(conversation.messages.count))
        }
        let total = conversation.messages.reduce(0) { $0 + $1.text.utf8.count }
        guard total <= policy.maximumTotalBytes else {
            throw .limitExceeded(what: "conversation", limit: "\(policy.maximumTotalBytes) bytes", actual: "\(total) bytes")
        }
        var reasons: [Reason] = []
        var findings: [ConversationResult.MessageFinding] = []
        var minorMessage: Int?
        var sexualMessage: Int?
        var secrecyMessage: Int?
        var selfHarm = false
        var deterrence = false
        var languageVotes: [String: Int] = [:]
        for (index, message) in conversation.messages.enumerated() {
            let result: TextCheckResult
            do { result = try engine.check(message.text) } catch {
                if case let .limitExceeded(what, limit, actual) = error {
                    throw .limitExceeded(what: "\(what) of message \(index)", limit: limit, actual: actual)
                }
                throw error
            }
            let isUser = message.role == .user
            if isUser {
                for language in result.languages { languageVotes[language, default: 0] += 1 }
                if result.fired(class: "user_minor"), minorMessage == nil { minorMessage = index }
                if result.fired(class: "self_harm") { selfHarm = true }
                if result.wantsDeterrence { deterrence = true }
            }
            if result.fired(class: "secrecy"), secrecyMessage == nil { secrecyMessage = index }
            let hasSexual = result.matches.contains { $0.category == .sexual && $0.strength == .strong }
                || result.fired(class: "sexual_minor")
            if hasSexual, sexualMessage == nil { sexualMessage = index }
            for reason in result.decision.reasons {
                var reason = reason
                reason.source = "message[\(index)] \(reason.source ?? "")"
                reasons.append(reason)
            }
            if !result.matches.isEmpty || result.verdict > .allow {
                findings.append(.init(index: index, role: message.role, verdict: result.verdict, ruleIDs: result.ruleIDs,
                                      categories: result.categories, matches: result.matches))
            }
        }
        if let minor = minorMessage, let sexual = sexualMessage {
            reasons.append(Reason(
                code: "conversation.minor-sexual", verdict: .block,
                message: "The user says they are a minor and the conversation has sexual content.",
                source: "CV-001", details: ["minorMessage": String(minor), "sexualMessage": String(sexual)]))
        }
        if let minor = minorMessage, let secrecy = secrecyMessage {
            reasons.append(Reason(
                code: "conversation.minor-secrecy", verdict: .review,
                message: "The user says they are a minor and the conversation asks for secrecy.",
                source: "CV-002", details: ["minorMessage": String(minor), "secrecyMessage": String(secrecy)]))
        }
        let deploymentName = conversation.deployment.flatMap { policy.deployments[$0] == nil ? nil : $0 }
            ?? policy.defaultDeployment
        let deployment = policy.deployment(deploymentName)
        let guessed = languageVotes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        let language = conversation.language ?? guessed ?? policy.defaultLanguage
        func pick<T>(_ table: [String: T]?) -> T? { table?[language] ?? table?[policy.defaultLanguage] }
        return ConversationResult(
            decision: Decision(reasons: reasons),
            userIsMinor: minorMessage != nil,
            language: language,
            deployment: deploymentName,
            messages: findings,
            supportResources: selfHarm ? (pick(deployment?.supportResources) ?? []) : [],
            deterrence: deterrence ? pick(deployment?.deterrence) : nil)
    }
}
