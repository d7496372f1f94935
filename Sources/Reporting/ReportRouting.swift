import Foundation

/// Where a report goes.
public struct ReportDestination: Hashable, Sendable, Codable {
    /// The kind of recipient.
    public enum Kind: String, Sendable, Codable {
        /// NCMEC's CyberTipline (Reporting API).
        case ncmecCyberTipline = "ncmec_cybertipline"
        /// The Internet Watch Foundation (UK).
        case iwf
        /// An INHOPE member hotline.
        case inhopeHotline = "inhope_hotline"
        /// A national authority (police, regulator).
        case authority
    }

    public var kind: Kind
    /// Display name, e.g. `"NCMEC CyberTipline"` or a hotline's name.
    public var name: String
    /// How to reach it (a URL or address), informational.
    public var contact: String?

    public init(kind: Kind, name: String, contact: String? = nil) {
        self.kind = kind
        self.name = name
        self.contact = contact
    }
}

/// Routing rules by hosting country: a Codable configuration mapping ISO 3166-1 alpha-2
/// codes to a ``ReportDestination``, with a default for codes it does not list.
///
/// JSON form: `{"default": {...}, "countries": {"US": {...}, "GB": {...}}}`.
public struct ReportRouting: Sendable, Codable, Equatable {
    /// The destination for an assigned country code that `countries` does not list.
    public var `default`: ReportDestination
    /// Destinations by country code.
    public var countries: [String: ReportDestination]

    /// Validated rules; throws ``ReportingError/routing(_:)`` naming any key that is not an
    /// assigned ISO 3166-1 alpha-2 code.
    public init(default: ReportDestination, countries: [String: ReportDestination]) throws {
        self.default = `default`
        self.countries = countries
        try validate()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.default = try container.decode(ReportDestination.self, forKey: .default)
        countries = try container.decodeIfPresent([String: ReportDestination].self, forKey: .countries) ?? [:]
        try validate()
    }

    private func validate() throws {
        for code in countries.keys.sorted() where !CountryCode.assigned.contains(code) {
            throw ReportingError.routing("routing rule for \"\(code)\": not an assigned ISO 3166-1 alpha-2 country code (use uppercase, e.g. US, GB)")
        }
    }

    /// Reads rules from JSON bytes; errors name what was wrong.
    public static func decode(json: [UInt8]) throws -> ReportRouting {
        do {
            return try JSONDecoder().decode(ReportRouting.self, from: Data(json))
        } catch let error as ReportingError {
            throw error
        } catch {
            throw ReportingError.routing("routing configuration is not valid: \(error)")
        }
    }

    /// The destination for hosting country `code` (case-insensitive); throws for a code that
    /// is not an assigned ISO 3166-1 alpha-2 code.
    public func destination(forCountry code: String) throws -> ReportDestination {
        let upper = code.trimmingCharacters(in: .whitespaces).uppercased()
        guard CountryCode.assigned.contains(upper) else {
            throw ReportingError.routing("unknown hosting country code \"\(code)\": not an assigned ISO 3166-1 alpha-2 code")
        }
        return countries[upper] ?? self.default
    }

    /// Bulwark's starting point: US to NCMEC's CyberTipline, GB to the IWF, other countries to
    /// INHOPE (which forwards to the member hotline of the hosting country).
    public static let standard: ReportRouting = {
        let inhope = ReportDestination(kind: .inhopeHotline, name: "INHOPE", contact: "https://www.inhope.org/EN/report")
        let rules = try? ReportRouting(default: inhope, countries: [
            "US": ReportDestination(kind: .ncmecCyberTipline, name: "NCMEC CyberTipline", contact: CyberTiplineEndpoint.ncmecProductionBaseURL),
            "GB": ReportDestination(kind: .iwf, name: "Internet Watch Foundation", contact: "https://report.iwf.org.uk"),
        ])
        return rules ?? ReportRouting(unchecked: inhope)
    }()

    private init(unchecked default: ReportDestination) {
        self.default = `default`
        countries = [:]
    }
}
