use super::listing::{Batch, ReadOptions};
pub fn read(sdn: &std::path::Path, _options: &ReadOptions) -> Result<Batch, String> {
    Err(format!("{}: placeholder", sdn.display()))
}
