/// The headers of one `multipart/form-data` part that matter to a form: its field name, the
/// file name the client gave, and its content type.
struct MultipartPartHeaders: Equatable {
    /// The form field (`name` of Content-Disposition).
    var name: String
    /// The client's file name (`filename` of Content-Disposition), if any.
    var filename: String?
    /// The part's Content-Type, if given.
    var contentType: String?

    init(name: String, filename: String? = nil, contentType: String? = nil) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
    }

    /// Parses a header block (lines separated by CRLF, without the blank line after it).
    /// - Throws: ``MultipartError`` when a line is not `Name: value` or Content-Disposition
    ///   is missing or names no form field.
    init(parsing block: ArraySlice<UInt8>, at offset: Int) throws(MultipartError) {
        var disposition: String?
        var contentType: String?
        let text = String(decoding: block, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                throw MultipartError("part header line \"\(line.prefix(60))\" has no colon", at: offset)
            }
            let field = line[..<colon].trimmingCharacters(in: " \t").lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            switch field {
            case "content-disposition": disposition = value
            case "content-type": contentType = value
            default: continue
            }
        }
        guard let disposition else { throw MultipartError("a part has no Content-Disposition header", at: offset) }
        let (kind, parameters) = HeaderParameters.parse(disposition)
        guard kind.lowercased() == "form-data", let name = parameters["name"] else {
            throw MultipartError("a part's Content-Disposition is not form-data with a name: \(disposition.prefix(80))", at: offset)
        }
        self.init(name: name, filename: parameters["filename"], contentType: contentType)
    }
}

/// `value; key=token; key="quoted \" string"` header values (Content-Type, Content-Disposition).
enum HeaderParameters {
    /// The leading value and the parameters, keys lowercased.
    static func parse(_ header: String) -> (value: String, parameters: [String: String]) {
        var characters = Substring(header)
        func skipBlanks() { while let c = characters.first, c == " " || c == "\t" { characters.removeFirst() } }
        let value = characters.prefix { $0 != ";" }
        characters = characters.dropFirst(value.count)
        var parameters: [String: String] = [:]
        while characters.first == ";" {
            characters.removeFirst()
            skipBlanks()
            let key = characters.prefix { $0 != "=" && $0 != ";" }
            characters = characters.dropFirst(key.count)
            guard characters.first == "=" else { continue }
            characters.removeFirst()
            skipBlanks()
            var parsed = ""
            if characters.first == "\"" {
                characters.removeFirst()
                while let c = characters.first, c != "\"" {
                    characters.removeFirst()
                    if c == "\\", let escaped = characters.first {
                        characters.removeFirst()
                        parsed.append(escaped)
                    } else {
                        parsed.append(c)
                    }
                }
                if characters.first == "\"" { characters.removeFirst() }
                characters = characters.drop { $0 != ";" }
            } else {
                let token = characters.prefix { $0 != ";" }
                characters = characters.dropFirst(token.count)
                parsed = token.trimmingCharacters(in: " \t")
            }
            parameters[key.trimmingCharacters(in: " \t").lowercased()] = parsed
        }
        return (value.trimmingCharacters(in: " \t"), parameters)
    }

    /// The boundary of a `multipart/form-data` Content-Type, or nil for any other type.
    static func formDataBoundary(_ contentType: String) -> String? {
        let (value, parameters) = parse(contentType)
        guard value.lowercased() == "multipart/form-data", let boundary = parameters["boundary"],
              (1...70).contains(boundary.utf8.count) else { return nil }
        return boundary
    }
}

extension StringProtocol {
    /// The string without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        let trimmed = drop { set.contains($0) }
        return String(trimmed.reversed().drop { set.contains($0) }.reversed())
    }
}
