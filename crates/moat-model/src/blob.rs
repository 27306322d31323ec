//! Random-access byte sources: a file on disk, bytes in memory, or a window into another source.
//! Parsers read only what they need through these, so a 20 GB safetensors file costs a header
//! read, not 20 GB.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Mutex;

/// Something that can be read at any offset.
pub(crate) trait Blob {
    /// Total length in bytes.
    fn len(&self) -> u64;
    /// Fills `buf` from `off`; fails if that runs past the end.
    fn read_exact_at(&self, off: u64, buf: &mut [u8]) -> io::Result<()>;

    /// Reads `len` bytes from `off` into a new vector; the caller has bounded `len`.
    fn read_vec(&self, off: u64, len: u64) -> io::Result<Vec<u8>> {
        let end = off.checked_add(len).ok_or_else(|| eof(off))?;
        if end > self.len() {
            return Err(eof(off));
        }
        let n = usize::try_from(len).map_err(|_| eof(off))?;
        let mut v = vec![0u8; n];
        self.read_exact_at(off, &mut v)?;
        Ok(v)
    }

    /// Up to `max` bytes from the start (fewer when the blob is shorter).
    fn head(&self, max: u64) -> io::Result<Vec<u8>> {
        self.read_vec(0, self.len().min(max))
    }
}

pub(crate) fn eof(off: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        format!("unexpected end of data at offset {off}"),
    )
}

/// A file read through positioned reads.
pub(crate) struct FileBlob {
    file: Mutex<File>,
    len: u64,
}

impl FileBlob {
    pub(crate) fn open(path: &std::path::Path) -> io::Result<FileBlob> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        Ok(FileBlob {
            file: Mutex::new(file),
            len,
        })
    }
}

impl Blob for FileBlob {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_exact_at(&self, off: u64, buf: &mut [u8]) -> io::Result<()> {
        if off.saturating_add(buf.len() as u64) > self.len {
            return Err(eof(off));
        }
        let mut f = self
            .file
            .lock()
            .map_err(|_| io::Error::other("file lock poisoned"))?;
        f.seek(SeekFrom::Start(off))?;
        f.read_exact(buf)
    }
}

/// Bytes in memory.
pub(crate) struct MemBlob<'a>(pub(crate) &'a [u8]);

impl Blob for MemBlob<'_> {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }
    fn read_exact_at(&self, off: u64, buf: &mut [u8]) -> io::Result<()> {
        let start = usize::try_from(off).map_err(|_| eof(off))?;
        let end = start.checked_add(buf.len()).ok_or_else(|| eof(off))?;
        let src = self.0.get(start..end).ok_or_else(|| eof(off))?;
        buf.copy_from_slice(src);
        Ok(())
    }
}

/// A window `[start, start+len)` of another blob.
pub(crate) struct SubBlob<'a> {
    pub(crate) inner: &'a dyn Blob,
    pub(crate) start: u64,
    pub(crate) len: u64,
}

impl Blob for SubBlob<'_> {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_exact_at(&self, off: u64, buf: &mut [u8]) -> io::Result<()> {
        if off.saturating_add(buf.len() as u64) > self.len {
            return Err(eof(off));
        }
        self.inner.read_exact_at(self.start + off, buf)
    }
}

/// A bounded little-endian cursor over a blob, for header parsers.
pub(crate) struct Cursor<'a> {
    pub(crate) blob: &'a dyn Blob,
    pub(crate) pos: u64,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(blob: &'a dyn Blob, pos: u64) -> Self {
        Cursor { blob, pos }
    }
    pub(crate) fn bytes<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let mut b = [0u8; N];
        self.blob.read_exact_at(self.pos, &mut b)?;
        self.pos += N as u64;
        Ok(b)
    }
    pub(crate) fn u8(&mut self) -> io::Result<u8> {
        Ok(self.bytes::<1>()?[0])
    }
    pub(crate) fn u16(&mut self) -> io::Result<u16> {
        Ok(u16::from_le_bytes(self.bytes()?))
    }
    pub(crate) fn u32(&mut self) -> io::Result<u32> {
        Ok(u32::from_le_bytes(self.bytes()?))
    }
    pub(crate) fn u64(&mut self) -> io::Result<u64> {
        Ok(u64::from_le_bytes(self.bytes()?))
    }
    pub(crate) fn vec(&mut self, len: u64) -> io::Result<Vec<u8>> {
        let v = self.blob.read_vec(self.pos, len)?;
        self.pos += len;
        Ok(v)
    }
    pub(crate) fn skip(&mut self, len: u64) -> io::Result<()> {
        let end = self.pos.checked_add(len).ok_or_else(|| eof(self.pos))?;
        if end > self.blob.len() {
            return Err(eof(self.pos));
        }
        self.pos = end;
        Ok(())
    }
}
