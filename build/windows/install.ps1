# Install or upgrade the kiosk on a Windows 10/11 machine (elevated PowerShell).
#   .\install.ps1 -Bundle .\dist\kiosk -ConfigFile .\kiosk.toml -KioskUser kiosk
# 1. stops a running kiosk (an upgrade never copies over a running program),
# 2. mirrors the bundle to Program Files (files the new version no longer has go),
# 3. writes the machine-wide config to ProgramData and checks it with kiosk-cli.exe,
# 4. creates the standard (non-admin) kiosk account if missing,
# 5. registers a task at that account's logon that runs run-kiosk.ps1: a loop that
#    restarts kiosk.exe 3 s after it exits with an error and stops after the staff
#    "Exit to desktop" (exit 0). Task Scheduler's own "restart on failure" only
#    covers a task that fails to start, so it is only the backstop here.
# Auto-logon and replacing Explorer as the shell: README, "Windows".
param(
    [Parameter(Mandatory = $true)][string]$Bundle,
    [Parameter(Mandatory = $true)][string]$ConfigFile,
    [string]$KioskUser = "kiosk",
    [string]$PinHashLine = ""   # output of `kiosk-cli set-pin --print` run once on any machine
)
$ErrorActionPreference = "Stop"
$target = Join-Path $env:ProgramFiles "mdma-kiosk"
$configDir = Join-Path $env:ProgramData "mdma-kiosk"
$taskName = "MDMA kiosk"

# 1. Stop the running kiosk first.
if (Get-ScheduledTask -TaskName $taskName -ErrorAction SilentlyContinue) {
    Stop-ScheduledTask -TaskName $taskName
}
Get-Process -Name kiosk -ErrorAction SilentlyContinue | Stop-Process -Force
Get-CimInstance Win32_Process -Filter "Name = 'powershell.exe'" |
    Where-Object { $_.CommandLine -like "*run-kiosk.ps1*" } |
    ForEach-Object { Stop-Process -Id $_.ProcessId -Force }

# 2. Mirror the bundle (robocopy exit codes below 8 mean success).
New-Item -ItemType Directory -Force -Path $target, $configDir | Out-Null
robocopy $Bundle $target /MIR /NFL /NDL /NJH /NJS /NP | Out-Null
if ($LASTEXITCODE -ge 8) { throw "copying the bundle failed (robocopy $LASTEXITCODE)" }
Copy-Item -Force (Join-Path $PSScriptRoot "run-kiosk.ps1") $target

# 3. Config, then prove it.
Copy-Item -Force $ConfigFile (Join-Path $configDir "kiosk.toml")
if ($PinHashLine) {
    # The [staff] table may appear only once in a TOML file: append it only if absent.
    $cfg = Join-Path $configDir "kiosk.toml"
    if (-not (Select-String -Path $cfg -Pattern '^\[staff\]' -Quiet)) {
        Add-Content -Path $cfg -Value "`n$PinHashLine"
    }
}
& (Join-Path $target "kiosk-cli.exe") check
if ($LASTEXITCODE -ne 0) { throw "kiosk check failed; see the lines above" }

# 4. The kiosk account: a standard user, never an administrator.
if (-not (Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue)) {
    $password = Read-Host -AsSecureString "New password for the local account $KioskUser"
    New-LocalUser -Name $KioskUser -Password $password -PasswordNeverExpires `
        -Description "Patient-education kiosk" | Out-Null
    Add-LocalGroupMember -Group "Users" -Member $KioskUser
}

# 5. Start at logon through the restart loop; no console window (kiosk.exe is windowed).
$loop = Join-Path $target "run-kiosk.ps1"
$action = New-ScheduledTaskAction -Execute "powershell.exe" `
    -Argument "-NoProfile -NonInteractive -WindowStyle Hidden -ExecutionPolicy Bypass -File `"$loop`""
$trigger = New-ScheduledTaskTrigger -AtLogOn -User $KioskUser
# RestartCount may be at most 255; the loop in run-kiosk.ps1 does the real restarting.
$settings = New-ScheduledTaskSettingsSet -RestartCount 255 -RestartInterval (New-TimeSpan -Minutes 1) `
    -ExecutionTimeLimit ([TimeSpan]::Zero) -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
    -MultipleInstances IgnoreNew
$principal = New-ScheduledTaskPrincipal -UserId $KioskUser -LogonType Interactive -RunLevel Limited
Register-ScheduledTask -TaskName $taskName -Action $action -Trigger $trigger -Settings $settings `
    -Principal $principal -Force | Out-Null
Write-Host "Installed to $target; config in $configDir; starts at logon of $KioskUser."
Write-Host "Next: auto-logon for $KioskUser (Sysinternals Autologon) and, on Enterprise/Education,"
Write-Host "Shell Launcher v2 instead of Explorer (README, Windows)."
