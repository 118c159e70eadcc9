use super::listing::{Batch, ReadOptions};
pub fn read(_input: impl std::io::Read, file: &str, _options: &ReadOptions) -> Result<Batch, String> {
    Err(format!("{file}: placeholder"))
}
