# Install the kiosk on a Windows 10/11 machine (run in an elevated PowerShell).
#   .\install.ps1 -Bundle .\dist\kiosk -ConfigFile .\kiosk.toml -KioskUser kiosk
# Copies the one-folder bundle to Program Files, writes the machine-wide config to
# ProgramData (where the kiosk looks for it), and registers a scheduled task that
# starts the kiosk at the kiosk user's logon and restarts it if it dies.
param(
    [Parameter(Mandatory = $true)][string]$Bundle,
    [Parameter(Mandatory = $true)][string]$ConfigFile,
    [string]$KioskUser = "kiosk",
    [string]$PinHashLine = ""   # output of `kiosk set-pin --print` run once on any machine
)
$ErrorActionPreference = "Stop"
$target = Join-Path $env:ProgramFiles "mdma-kiosk"
$configDir = Join-Path $env:ProgramData "mdma-kiosk"

New-Item -ItemType Directory -Force -Path $target, $configDir | Out-Null
Copy-Item -Recurse -Force (Join-Path $Bundle "*") $target
Copy-Item -Force $ConfigFile (Join-Path $configDir "kiosk.toml")
if ($PinHashLine) {
    # The [staff] table may appear only once in a TOML file: append it only if absent.
    $cfg = Join-Path $configDir "kiosk.toml"
    if (-not (Select-String -Path $cfg -Pattern '^\[staff\]' -Quiet)) {
        Add-Content -Path $cfg -Value "`n$PinHashLine"
    }
}

# Prove the install before registering it.
& (Join-Path $target "kiosk.exe") check
if ($LASTEXITCODE -ne 0) { throw "kiosk check failed; see the lines above" }

$action = New-ScheduledTaskAction -Execute (Join-Path $target "kiosk.exe")
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $KioskUser
# Restart up to 999 times, one minute apart, if the kiosk exits with an error.
$settings = New-ScheduledTaskSettingsSet -RestartCount 999 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries
Register-ScheduledTask -TaskName "MDMA kiosk" -Action $action -Trigger $trigger -Settings $settings `
    -User $KioskUser -RunLevel Limited -Force | Out-Null
Write-Host "Installed to $target; config in $configDir; starts at logon of $KioskUser."
