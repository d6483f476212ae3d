# Started by the "MDMA kiosk" scheduled task at the kiosk user's logon (install.ps1).
# Restarts kiosk.exe 3 s after it exits with an error or crashes; ends after the
# staff "Exit to desktop" (exit 0) or a staff restart that already re-executed it.
$kiosk = Join-Path $PSScriptRoot "kiosk.exe"
while ($true) {
    $process = Start-Process -FilePath $kiosk -PassThru -Wait
    if ($process.ExitCode -eq 0) { break }
    Write-EventLog -LogName Application -Source "Application" -EventId 1000 -EntryType Warning `
        -Message "mdma-kiosk exited with $($process.ExitCode); restarting in 3 s" -ErrorAction SilentlyContinue
    Start-Sleep -Seconds 3
}
