namespace Orleans.Analytics.Keys;

/// <summary>
/// Keeps a grain awake while it holds state that the watermark will close: a timer (which keeps the grain active)
/// while anything is held, and a reminder as the backstop that brings it back if its silo dies before the state is
/// done. Once nothing is held the timer goes and the grain may deactivate like any idle grain; the reminder goes at
/// its next tick that finds nothing held.
/// </summary>
internal sealed class WakeUps(Grain grain, string reminderName, TimeSpan timerInterval, TimeSpan recoveryInterval, Func<Task> onTimer)
{
    private IGrainTimer? _timer;
    private bool _reminderSet;

    /// <summary>Whether the reminder is believed registered.</summary>
    public bool ReminderSet => _reminderSet;

    /// <summary>Starts or stops the timer and registers the reminder for what is held now.</summary>
    public async Task UpdateAsync(bool held)
    {
        if (!held)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        _timer ??= grain.RegisterGrainTimer(
            static (callback, _) => callback(),
            onTimer,
            new GrainTimerCreationOptions { DueTime = timerInterval, Period = timerInterval, KeepAlive = true });
        if (!_reminderSet)
        {
            _reminderSet = true;
            await grain.RegisterOrUpdateReminder(reminderName, recoveryInterval, recoveryInterval);
        }
    }

    /// <summary>At a reminder tick: drops the reminder when nothing is held any more (and <paramref name="stillHeld"/> says so after).</summary>
    public async Task OnReminderAsync(Func<bool> stillHeld)
    {
        _reminderSet = true;
        if (stillHeld())
        {
            return;
        }

        _reminderSet = false;
        try
        {
            if (await grain.GetReminder(reminderName) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
        }
        catch (ReminderException)
        {
            // Something registered it again meanwhile; that registration stands.
        }

        if (stillHeld())
        {
            await UpdateAsync(held: true);
        }
    }
}
