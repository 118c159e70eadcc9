//! PackStream, Bolt's binary value format: a writer of markers and a reader
//! that trusts nothing. Every size a client declares is checked against the
//! bytes it actually sent before anything is allocated, and nesting is
//! bounded, so a hostile message costs at most its own length.

use std::fmt;

/// How deep lists, maps and structures may nest in a message.
pub const MAX_DEPTH: usize = 64;

/// A value as it travels: PackStream's own types.
#[derive(Clone, Debug, PartialEq)]
pub enum Packed {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Bytes(Vec<u8>),
    String(String),
    List(Vec<Packed>),
    Map(Vec<(String, Packed)>),
    Struct(u8, Vec<Packed>),
}

impl Packed {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Packed::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Packed::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The value under `key` in a map.
    pub fn get(&self, key: &str) -> Option<&Packed> {
        match self {
            Packed::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Why a message could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Appends PackStream markers and values to a buffer.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn null(&mut self) {
        self.buf.push(0xC0);
    }

    pub fn bool(&mut self, b: bool) {
        self.buf.push(if b { 0xC3 } else { 0xC2 });
    }

    pub fn int(&mut self, i: i64) {
        if (-16..=127).contains(&i) {
            self.buf.push(i as u8);
        } else if let Ok(i) = i8::try_from(i) {
            self.buf.push(0xC8);
            self.buf.push(i as u8);
        } else if let Ok(i) = i16::try_from(i) {
            self.buf.push(0xC9);
            self.buf.extend_from_slice(&i.to_be_bytes());
        } else if let Ok(i) = i32::try_from(i) {
            self.buf.push(0xCA);
            self.buf.extend_from_slice(&i.to_be_bytes());
        } else {
            self.buf.push(0xCB);
            self.buf.extend_from_slice(&i.to_be_bytes());
        }
    }

    pub fn float(&mut self, f: f64) {
        self.buf.push(0xC1);
        self.buf.extend_from_slice(&f.to_be_bytes());
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.sized(b.len(), None, [0xCC, 0xCD, 0xCE]);
        self.buf.extend_from_slice(b);
    }

    pub fn string(&mut self, s: &str) {
        self.sized(s.len(), Some(0x80), [0xD0, 0xD1, 0xD2]);
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub fn list_header(&mut self, len: usize) {
        self.sized(len, Some(0x90), [0xD4, 0xD5, 0xD6]);
    }

    pub fn map_header(&mut self, len: usize) {
        self.sized(len, Some(0xA0), [0xD8, 0xD9, 0xDA]);
    }

    pub fn struct_header(&mut self, tag: u8, fields: u8) {
        self.buf.push(0xB0 | (fields & 0x0F));
        self.buf.push(tag);
    }

    /// A size in the smallest form: tiny (in the marker), 8, 16 or 32 bits.
    /// Nothing embargo sends is 4 GiB long; longer would be cut, so it is
    /// clamped rather than wrapped.
    fn sized(&mut self, len: usize, tiny: Option<u8>, markers: [u8; 3]) {
        match tiny {
            Some(base) if len < 16 => self.buf.push(base | len as u8),
            _ if len <= 0xFF => self.buf.extend_from_slice(&[markers[0], len as u8]),
            _ if len <= 0xFFFF => {
                self.buf.push(markers[1]);
                self.buf.extend_from_slice(&(len as u16).to_be_bytes());
            }
            _ => {
                self.buf.push(markers[2]);
                self.buf.extend_from_slice(&(len.min(u32::MAX as usize) as u32).to_be_bytes());
            }
        }
    }

    pub fn packed(&mut self, value: &Packed) {
        match value {
            Packed::Null => self.null(),
            Packed::Bool(b) => self.bool(*b),
            Packed::Int(i) => self.int(*i),
            Packed::Float(f) => self.float(*f),
            Packed::Bytes(b) => self.bytes(b),
            Packed::String(s) => self.string(s),
            Packed::List(items) => {
                self.list_header(items.len());
                items.iter().for_each(|v| self.packed(v));
            }
            Packed::Map(entries) => {
                self.map_header(entries.len());
                for (k, v) in entries {
                    self.string(k);
                    self.packed(v);
                }
            }
            Packed::Struct(tag, fields) => {
                self.struct_header(*tag, fields.len() as u8);
                fields.iter().for_each(|v| self.packed(v));
            }
        }
    }
}

/// Reads one value from the whole of `bytes` (a message): trailing bytes are
/// an error, as is anything cut short.
pub fn decode(bytes: &[u8]) -> Result<Packed, DecodeError> {
    let mut reader = Reader { bytes, pos: 0 };
    let value = reader.value(0)?;
    if reader.pos != bytes.len() {
        return Err(DecodeError(format!("{} bytes after the end of the message", bytes.len() - reader.pos)));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self.pos.checked_add(n).filter(|end| *end <= self.bytes.len());
        let end = end.ok_or_else(|| DecodeError("the message ends inside a value".into()))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn be<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn size(&mut self, width: u8) -> Result<usize, DecodeError> {
        Ok(match width {
            1 => usize::from(self.byte()?),
            2 => usize::from(u16::from_be_bytes(self.be()?)),
            _ => u32::from_be_bytes(self.be()?) as usize,
        })
    }

    /// A count of items, each taking at least one byte: more than the bytes
    /// left cannot be true, and is refused before any allocation.
    fn count(&mut self, n: usize) -> Result<usize, DecodeError> {
        if n > self.bytes.len() - self.pos {
            return Err(DecodeError(format!("a container declares {n} items, more than the message holds")));
        }
        Ok(n)
    }

    fn value(&mut self, depth: usize) -> Result<Packed, DecodeError> {
        let marker = self.byte()?;
        Ok(match marker {
            0x00..=0x7F => Packed::Int(i64::from(marker)),
            0xF0..=0xFF => Packed::Int(i64::from(marker as i8)),
            0xC0 => Packed::Null,
            0xC2 => Packed::Bool(false),
            0xC3 => Packed::Bool(true),
            0xC8 => Packed::Int(i64::from(i8::from_be_bytes(self.be()?))),
            0xC9 => Packed::Int(i64::from(i16::from_be_bytes(self.be()?))),
            0xCA => Packed::Int(i64::from(i32::from_be_bytes(self.be()?))),
            0xCB => Packed::Int(i64::from_be_bytes(self.be()?)),
            0xC1 => Packed::Float(f64::from_be_bytes(self.be()?)),
            0xCC..=0xCE => {
                let n = self.size(1 << (marker - 0xCC))?;
                Packed::Bytes(self.take(n)?.to_vec())
            }
            0x80..=0x8F => self.string(usize::from(marker & 0x0F))?,
            0xD0..=0xD2 => {
                let n = self.size(1 << (marker - 0xD0))?;
                self.string(n)?
            }
            0x90..=0x9F => self.list(usize::from(marker & 0x0F), depth)?,
            0xD4..=0xD6 => {
                let n = self.size(1 << (marker - 0xD4))?;
                self.list(n, depth)?
            }
            0xA0..=0xAF => self.map(usize::from(marker & 0x0F), depth)?,
            0xD8..=0xDA => {
                let n = self.size(1 << (marker - 0xD8))?;
                self.map(n, depth)?
            }
            0xB0..=0xBF => {
                let fields = usize::from(marker & 0x0F);
                let tag = self.byte()?;
                Packed::Struct(tag, self.items(fields, depth)?)
            }
            other => return Err(DecodeError(format!("unknown PackStream marker 0x{other:02X}"))),
        })
    }

    fn string(&mut self, n: usize) -> Result<Packed, DecodeError> {
        let bytes = self.take(n)?;
        let text = std::str::from_utf8(bytes).map_err(|_| DecodeError("a string is not valid UTF-8".into()))?;
        Ok(Packed::String(text.to_string()))
    }

    fn items(&mut self, n: usize, depth: usize) -> Result<Vec<Packed>, DecodeError> {
        if depth >= MAX_DEPTH {
            return Err(DecodeError(format!("values nest deeper than {MAX_DEPTH} levels")));
        }
        let mut items = Vec::with_capacity(self.count(n)?);
        for _ in 0..n {
            items.push(self.value(depth + 1)?);
        }
        Ok(items)
    }

    fn list(&mut self, n: usize, depth: usize) -> Result<Packed, DecodeError> {
        Ok(Packed::List(self.items(n, depth)?))
    }

    fn map(&mut self, n: usize, depth: usize) -> Result<Packed, DecodeError> {
        if depth >= MAX_DEPTH {
            return Err(DecodeError(format!("values nest deeper than {MAX_DEPTH} levels")));
        }
        // Each entry takes a key and a value: two bytes at least.
        let mut entries = Vec::with_capacity(self.count(n.saturating_mul(2))? / 2);
        for _ in 0..n {
            let Packed::String(key) = self.value(depth + 1)? else {
                return Err(DecodeError("a map key is not a string".into()));
            };
            let value = self.value(depth + 1)?;
            entries.push((key, value));
        }
        Ok(Packed::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(value: Packed) {
        let mut w = Writer::default();
        w.packed(&value);
        assert_eq!(decode(&w.buf), Ok(value));
    }

    #[test]
    fn every_type_round_trips_in_every_size() {
        for i in [0, 1, -1, -16, -17, 127, 128, -128, -129, 32_767, 32_768, -32_769, i64::from(i32::MAX) + 1, i64::MIN]
        {
            round_trip(Packed::Int(i));
        }
        round_trip(Packed::Null);
        round_trip(Packed::Bool(true));
        round_trip(Packed::Float(-1.5));
        round_trip(Packed::Bytes(vec![1, 2, 3]));
        for n in [0, 15, 16, 255, 256, 65_535, 65_536] {
            round_trip(Packed::String("é".repeat(n / 2) + &"x".repeat(n % 2)));
            round_trip(Packed::List(vec![Packed::Int(1); n]));
        }
        let map = (0..300).map(|i| (format!("k{i}"), Packed::Int(i))).collect();
        round_trip(Packed::Map(map));
        round_trip(Packed::Struct(0x4E, vec![Packed::Int(1), Packed::List(vec![]), Packed::Map(vec![])]));
    }

    #[test]
    fn integers_take_the_smallest_form() {
        let size = |i| {
            let mut w = Writer::default();
            w.int(i);
            w.buf.len()
        };
        assert_eq!([size(-16), size(127), size(-17), size(200), size(70_000), size(1 << 40)], [1, 1, 2, 3, 5, 9]);
    }

    #[test]
    fn declared_sizes_beyond_the_message_are_refused_before_allocating() {
        // A list of 4 billion items in six bytes.
        assert!(decode(&[0xD6, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]).is_err());
        assert!(decode(&[0xDA, 0xFF, 0xFF, 0xFF, 0xFF]).is_err());
        assert!(decode(&[0xD2, 0x00, 0x01, 0x00, 0x00, b'a']).is_err());
        assert!(decode(&[0xCE, 0x7F, 0xFF, 0xFF, 0xFF]).is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = vec![0x91; 100_000];
        assert!(decode(&deep).is_err_and(|e| e.0.contains("nest")));
        let mut ok = vec![0x91; MAX_DEPTH - 1];
        ok.push(0xC0);
        assert!(decode(&ok).is_ok());
    }

    #[test]
    fn bad_bytes_are_errors() {
        assert!(decode(&[]).is_err());
        assert!(decode(&[0xC7]).is_err());
        assert!(decode(&[0x81, 0xFF]).is_err());
        assert!(decode(&[0xA1, 0x01, 0x01]).is_err());
        assert!(decode(&[0xC0, 0xC0]).is_err());
        assert!(decode(&[0xCB, 0x00]).is_err());
    }
}
