/**
 * Base forms of common English action verbs, as found in any general-purpose list of
 * imperative requests (office, messaging, payments, files, web, accounts, travel). Broad
 * on purpose: instruction detection must not hinge on the few verbs one payload uses;
 * the imperative cue also needs the verb to open a clause, and is one cue among many.
 */
export const ACTION_VERBS = new Set(
  `accept access activate add adjust allow amend answer append apply approve archive arrange ask assign attach
   authorize authorise back ban block book bring browse buy call cancel change charge check choose clean clear click
   close collect combine compile complete compose concatenate confirm connect contact continue convert copy create
   credit cut debit decline delete deliver deny deposit describe disable disregard do download draft drop duplicate
   edit email e-mail enable enroll ensure enter erase execute export extract fetch fill find finish fix flag follow
   forget format forward gather generate get give go grant hand help hide ignore import include inform insert install
   invite issue join keep kick label leave let link list load lock log login look mail make mark merge message modify
   move note notify open order overwrite pay paste perform pin place plan post print proceed provide publish pull
   purchase push put read rebook receive record redirect refund register reject reload remember remind remove rename
   renew reply report request reschedule reserve reset respond restart restore retrieve return reveal review revoke
   run save schedule scrape search select sell send set setup share show sign skip sort start stop store submit
   subscribe summarize summarise switch sync take tag tell text transfer translate transmit turn type unblock
   unlock unsubscribe update upgrade upload use verify view visit wire withdraw write
   rent hire lease merge rebase deploy rollback revert fork clone commit approve reopen rotate promote demote
   escalate reassign transfer reimburse settle top whitelist allowlist trust grant activate deactivate delegate
   dispatch ship cc bcc attach rsvp accept upvote star mute kick invite assign`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

/** Words that, opening a sentence, show it is not an imperative even if a verb follows. */
export const NON_IMPERATIVE_OPENERS = new Set(
  `i we he she it they this that these those there here the a an my our his her its their your you yesterday today
   tomorrow if when while because although as since so and but or hi hello hey dear thanks thank regards best`
    .split(/\s+/)
    .filter((word) => word !== ''),
);
